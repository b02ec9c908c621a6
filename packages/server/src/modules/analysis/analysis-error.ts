/**
 * What an operator reads when analysis fails: the decoder's reason, without the gRPC status
 * prefix ("13 INTERNAL: ") and without the server's storage path, which the console would
 * otherwise show to every DJ of the station (and which says nothing useful to them).
 */
export function analysisErrorText(message: string, storagePath: string): string {
  let text = message.replace(/^\d+ [A-Z_]+: /, '');
  if (storagePath !== '') text = text.split(storagePath).join('the file');
  // Any other absolute path the engine mentioned (a temporary copy, a plugin): its name only.
  text = text.replace(/(?:\/[\w.+-]+)+\/([\w.+-]+)/g, '$1');
  return text.trim().slice(0, 500) || 'analysis failed';
}
