/**
 * How an output state reads to an operator, and its badge colour (a Mantine colour and shade).
 * Warm states use a light shade with dark text: white on yellow or orange of any shade fails
 * WCAG contrast (axe caught "Icecast connecting"). Null: the engine did not answer.
 */
export function outputState(state: string | null | undefined): { label: string; color: string } {
  switch (state ?? 'unknown') {
    case 'encoding':
      return { label: 'Encoding', color: 'teal.9' };
    case 'connected':
      return { label: 'Icecast connected', color: 'teal.9' };
    case 'connecting':
      return { label: 'Icecast connecting', color: 'yellow.4' };
    case 'disconnected':
      return { label: 'Icecast disconnected', color: 'orange.4' };
    case 'error':
      return { label: 'Icecast error', color: 'red.9' };
    case 'absent':
      return { label: 'Not running', color: 'gray.7' };
    default:
      return { label: 'Engine not answering', color: 'gray.7' };
  }
}
