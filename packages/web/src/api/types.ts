import type { paths } from './schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Success<R> = Json<R[200 & keyof R]> | Json<R[201 & keyof R]>;

/** The JSON body a path answers with on success, straight from the generated OpenAPI types. */
export type Data<P extends keyof paths, M extends Method = 'get'> = paths[P] extends {
  [K in M]: { responses: infer R };
}
  ? Success<R>
  : never;
