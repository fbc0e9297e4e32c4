namespace McpConsole.Web.Infrastructure.Limits;

/// <summary>
/// Bounds every response body an HTTP client reads from servers: a JSON body by its total size, a server-sent event
/// stream (long-lived, one MCP message per event) by the size of each event. Past the limit, reading throws
/// <see cref="ResponseTooLargeException"/>, which the MCP SDK passes on as the request's failure.
/// </summary>
public sealed class MessageSizeLimitHandler(long maxBytes, string what = "MCP") : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var scope = ResponseLimitScope.Current;
        var label = scope?.Request ?? what;
        var response = await base.SendAsync(request, cancellationToken);
        var content = response.Content;
        var eventStream = content.Headers.ContentType?.MediaType == "text/event-stream";
        if (!eventStream && content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            response.Dispose();
            var breach = new ResponseTooLargeException(label, maxBytes);
            scope?.Report(breach);
            throw breach;
        }

        var limited = new StreamContent(new LimitedStream(await content.ReadAsStreamAsync(cancellationToken), maxBytes, eventStream, label, scope));
        foreach (var header in content.Headers)
        {
            limited.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = limited;
        return response;
    }

    /// <summary>Counts bytes as they are read; for an event stream the count starts again after each blank line.</summary>
    private sealed class LimitedStream(Stream inner, long maxBytes, bool perEvent, string what, ResponseLimitScope? scope) : Stream
    {
        private long _count;
        private bool _afterNewline;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override int Read(Span<byte> buffer) => Count(buffer[..inner.Read(buffer)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Count(buffer.Span[..read]);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }

        private int Count(ReadOnlySpan<byte> read)
        {
            if (!perEvent)
            {
                _count += read.Length;
                ThrowIfOver();
                return read.Length;
            }

            foreach (var b in read)
            {
                if (b == (byte)'\n')
                {
                    _count = _afterNewline ? 0 : _count + 1; // a blank line ends the event
                    _afterNewline = true;
                }
                else if (b != (byte)'\r')
                {
                    _count++;
                    _afterNewline = false;
                }

                // Checked per byte: a read that holds a whole oversized event and its blank line would otherwise end
                // with the count already reset.
                ThrowIfOver();
            }

            return read.Length;
        }

        private void ThrowIfOver()
        {
            if (_count <= maxBytes)
                return;
            var breach = new ResponseTooLargeException(what, maxBytes);
            scope?.Report(breach);
            throw breach;
        }
    }
}
