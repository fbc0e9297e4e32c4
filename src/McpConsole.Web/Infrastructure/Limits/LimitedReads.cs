using System.Buffers;
using System.Text;

namespace McpConsole.Web.Infrastructure.Limits;

/// <summary>Reads a body as text, at most a given number of bytes (a larger declared or actual body throws).</summary>
public static class LimitedReads
{
    public static async Task<string> ReadAsStringAsync(this HttpContent content, long maxBytes, string what, CancellationToken ct)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw new ResponseTooLargeException(what, maxBytes);
        }

        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new ResponseTooLargeException(what, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var encoding = content.Headers.ContentType?.CharSet is { Length: > 0 } charset ? TryEncoding(charset) : null;
        return (encoding ?? Encoding.UTF8).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Throws when <paramref name="text"/> is longer than <paramref name="maxBytes"/> in UTF-8.</summary>
    public static void EnsureWithin(string? text, long maxBytes, string what)
    {
        // Length * 3 bounds the UTF-8 size from above: most texts are settled without counting.
        if (text is not null && (long)text.Length * 3 > maxBytes && Encoding.UTF8.GetByteCount(text) > maxBytes)
        {
            throw new ResponseTooLargeException(what, maxBytes);
        }
    }

    private static Encoding? TryEncoding(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
