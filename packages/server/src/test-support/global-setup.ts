import { dropStaleTestDatabases } from './db.js';

export async function setup(): Promise<void> {
  await dropStaleTestDatabases();
}

export async function teardown(): Promise<void> {
  await dropStaleTestDatabases();
}
