import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

// The contract ships as a .proto inside @grimnir/contracts and is loaded at runtime; the
// TypeScript shapes of its messages live beside it in contracts/src/mediaengine.ts. Both sides
// of the wire (the engine's server, every client) take the service from here, so the loader
// options that decide those shapes (snake_case, enums as names, longs as numbers) exist once.

let service: grpc.ServiceClientConstructor | undefined;

/** The MediaEngine service; the .proto is parsed on the first call only. */
export function loadMediaEngineService(): grpc.ServiceClientConstructor {
  service ??= parseService();
  return service;
}

function parseService(): grpc.ServiceClientConstructor {
  const protoPath = createRequire(import.meta.url).resolve(
    '@grimnir/contracts/proto/mediaengine.proto',
  );
  const definition = protoLoader.loadSync(protoPath, {
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    grimnir: { mediaengine: { v1: { MediaEngine: grpc.ServiceClientConstructor } } };
  };
  return pkg.grimnir.mediaengine.v1.MediaEngine;
}
