using System.Formats.Tar;
using System.Text;
using McpConsole.Core.Backups;

namespace McpConsole.Web.Features.Backups.Archives;

/// <summary>What one full pass over an archive found.</summary>
internal sealed record ArchiveScan(ArchiveDigest Digest, IReadOnlyList<FoundEntry> Entries, BackupManifest? InnerManifest, string? ReadError);

/// <summary>
/// Reads an archive end to end, hashing every entry and the archive itself in one pass. Entries can be
/// copied out as they pass (to a temporary directory, never to their final place); unsafe entry names are
/// reported and never extracted. A damaged archive gives a reason, not an exception.
/// </summary>
internal static class ArchiveReader
{
    private const int BufferSize = 1 << 20;
    private const int MaxManifestBytes = 64 * 1024 * 1024;

    /// <param name="extractTo">Called for each safe content entry; return a path to copy it to, or null to only hash it.</param>
    public static async Task<ArchiveScan> ScanAsync(string archivePath, Func<string, string?>? extractTo, IProgress<long>? progress, CancellationToken ct)
    {
        await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        // Not seekable: the tar reader then reads through every byte (skips included), so the digest covers the whole file.
        await using var hashing = new HashingStream(file, leaveOpen: true, seekable: false);
        var entries = new List<FoundEntry>();
        BackupManifest? inner = null;
        string? readError = null;
        try
        {
            await using var tar = new TarReader(hashing, leaveOpen: true);
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                ct.ThrowIfCancellationRequested();
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    entries.Add(new FoundEntry(entry.Name, entry.Length, "not a regular file"));
                    continue;
                }
                if (entry.Name == BackupManifest.EntryName)
                {
                    inner = await ReadManifestAsync(entry);
                    continue;
                }
                var target = ArchivePath.IsSafe(entry.Name) ? extractTo?.Invoke(entry.Name) : null;
                entries.Add(await HashEntryAsync(entry, target, progress, hashing, ct));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or ArgumentException or IOException && ex is not DirectoryNotFoundException)
        {
            readError = $"the archive cannot be read past byte {hashing.BytesHashed:N0}: {ex.Message}";
        }
        await DrainAsync(hashing, ct);
        return new ArchiveScan(new ArchiveDigest(hashing.BytesHashed, hashing.HashHex()), entries, inner, readError);
    }

    private static async Task<FoundEntry> HashEntryAsync(TarEntry entry, string? target, IProgress<long>? progress, HashingStream archive, CancellationToken ct)
    {
        if (entry.DataStream is null)
            return new FoundEntry(entry.Name, 0, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ReadOnlySpan<byte>.Empty)));
        await using var hashing = new HashingStream(entry.DataStream, leaveOpen: true);
        if (target is null)
            await hashing.CopyToAsync(Stream.Null, BufferSize, ct);
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await hashing.CopyToAsync(output, BufferSize, ct);
            output.Flush(flushToDisk: true);
        }
        progress?.Report(archive.BytesHashed);
        return new FoundEntry(entry.Name, hashing.BytesHashed, hashing.HashHex());
    }

    private static async Task<BackupManifest?> ReadManifestAsync(TarEntry entry)
    {
        if (entry.DataStream is null || entry.Length > MaxManifestBytes)
            return null;
        using var buffer = new MemoryStream();
        await entry.DataStream.CopyToAsync(buffer);
        return BackupManifest.Parse(Encoding.UTF8.GetString(buffer.ToArray())).Manifest;
    }

    private static async Task DrainAsync(Stream stream, CancellationToken ct)
    {
        try
        {
            await stream.CopyToAsync(Stream.Null, BufferSize, ct);
        }
        catch (IOException)
        {
            // The digest then covers what could be read; its size or hash will not match the manifest.
        }
    }
}
