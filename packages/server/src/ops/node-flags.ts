/**
 * The Node.js flags every launcher gives the control plane (`npm start`, the systemd unit,
 * deploy/bin/grimnirradio in the images) and the tests and benches that start the real binary:
 * V8's young generation capped at 4 MB a semi-space (default 16), since listener streams' small
 * garbage grew it to the cap and kept it (docs/operations.md, "Memory of the control plane").
 */
export const CONTROL_PLANE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
