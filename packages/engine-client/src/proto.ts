import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

// The contract ships as a .proto inside @grimnir/contracts and is loaded at runtime; the
// TypeScript shapes of its messages live beside it in contracts/src/mediaengine.ts.
export function loadMediaEngineService(): grpc.ServiceClientConstructor {
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
