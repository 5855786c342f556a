/**
 * A reader that closes our stdout or stderr early (`hopify-engine docs | head`) has had what
 * it wanted: the rest of the output is dropped, without the EPIPE stack trace Node prints for
 * an unhandled stream error, and the command ends with its own exit code (0 for help or docs,
 * 1 for failing checks). Writing to a file or a server is not output to a reader and goes on.
 */
export function dropOutputOnceClosed(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      // After EPIPE the stream is destroyed; later writes fail with ERR_STREAM_DESTROYED.
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
      throw err;
    });
  }
}
