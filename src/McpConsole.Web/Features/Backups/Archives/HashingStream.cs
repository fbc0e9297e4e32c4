using System.Security.Cryptography;

namespace McpConsole.Web.Features.Backups.Archives;

/// <summary>
/// Passes bytes through (read or write) while computing their SHA-256 and count, so an archive and its
/// entries are hashed in the same pass that writes or reads them. Seeking forward reads through; seeking back is refused.
/// </summary>
internal sealed class HashingStream(Stream inner, bool leaveOpen = false, bool seekable = true) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long _start = inner.CanSeek ? inner.Position : 0;

    public long BytesHashed { get; private set; }

    /// <summary>Lowercase hex SHA-256 of everything read or written so far (call once, at the end).</summary>
    public string HashHex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => seekable && inner.CanSeek;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => inner.Length - _start;

    public override long Position
    {
        get => BytesHashed;
        set => MoveTo(value);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Append(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Append(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        Append(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        Append(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => BytesHashed + offset,
            _ => Length + offset,
        };
        MoveTo(target);
        return BytesHashed;
    }

    /// <summary>Moving forward reads (and hashes) the bytes skipped, so a skip never leaves a hole in the digest.</summary>
    private void MoveTo(long target)
    {
        if (target < BytesHashed || !CanRead && target != BytesHashed)
            throw new NotSupportedException("A hashing stream only moves forward, by reading.");
        var buffer = new byte[81920];
        while (BytesHashed < target)
        {
            if (Read(buffer.AsSpan(0, (int)Math.Min(buffer.Length, target - BytesHashed))) == 0)
                break;
        }
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!leaveOpen)
                inner.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        BytesHashed += data.Length;
    }
}
