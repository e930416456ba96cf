/**
 * `policy-watch claims | head -1`: once `head` has its line it closes the pipe, and the next write fails
 * with EPIPE. The reader asked for no more, so the command ends at once with exit 0 and no stack, as Unix
 * tools do; any other error on the stream is still an error.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
