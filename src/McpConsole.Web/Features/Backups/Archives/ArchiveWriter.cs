using System.Formats.Tar;
using System.Text;
using McpConsole.Core.Backups;

namespace McpConsole.Web.Features.Backups.Archives;

/// <summary>
/// Writes one backup: a tar of the captured files plus the manifest as its last entry, then the manifest
/// (with the archive's size and SHA-256) beside it. Everything is written under ".partial" names, flushed to
/// disk, and renamed only when complete; the manifest's rename is the commit point. A crash at any moment
/// leaves only ".partial" files, which are never listed and are removed at the next start.
/// </summary>
internal sealed class ArchiveWriter : IAsyncDisposable
{
    private const int BufferSize = 1 << 20;
    private readonly BackupStore _store;
    private readonly string _id;
    private readonly FileStream _file;
    private readonly HashingStream _hashing;
    private readonly TarWriter _tar;
    private readonly List<ManifestFile> _files = [];
    private bool _committed;

    public ArchiveWriter(BackupStore store, string id)
    {
        _store = store;
        _id = id;
        _file = new FileStream(store.PartialArchivePath(id), FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
        _hashing = new HashingStream(_file, leaveOpen: true);
        _tar = new TarWriter(_hashing, TarEntryFormat.Pax, leaveOpen: true);
    }

    /// <summary>Bytes of file content added so far (for progress).</summary>
    public long ContentBytes { get; private set; }

    public async Task AddFileAsync(string relativePath, string sourceFile, IProgress<long>? progress, CancellationToken ct)
    {
        var (path, error) = ArchivePath.Check(relativePath);
        if (error is not null)
            throw new UnsafeArchivePathException(error);
        await using var source = new FileStream(sourceFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using var hashing = new HashingStream(new ProgressStream(source, n => { ContentBytes += n; progress?.Report(ContentBytes); }));
        var entry = new PaxTarEntry(TarEntryType.RegularFile, path!) { DataStream = hashing, ModificationTime = File.GetLastWriteTimeUtc(sourceFile) };
        await _tar.WriteEntryAsync(entry, ct);
        if (hashing.BytesHashed != source.Length)
            throw new IOException($"{path} changed size while it was being backed up");
        _files.Add(new ManifestFile(path!, hashing.BytesHashed, hashing.HashHex()));
    }

    /// <summary>Finishes the archive and commits it; returns the manifest as written beside the archive.</summary>
    public async Task<BackupManifest> CommitAsync(Func<IReadOnlyList<ManifestFile>, BackupManifest> manifestFor, CancellationToken ct)
    {
        var inner = manifestFor(_files) with { Archive = null };
        var innerBytes = Encoding.UTF8.GetBytes(inner.ToJson());
        var entry = new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.EntryName) { DataStream = new MemoryStream(innerBytes) };
        await _tar.WriteEntryAsync(entry, ct);
        await _tar.DisposeAsync();
        await _hashing.FlushAsync(ct);
        _file.Flush(flushToDisk: true);
        var outer = inner with { Archive = new ArchiveDigest(_hashing.BytesHashed, _hashing.HashHex()) };
        await _hashing.DisposeAsync();
        await _file.DisposeAsync();

        await _store.CommitAsync(_id, outer, ct);
        _committed = true;
        return outer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_committed)
            return;
        await _tar.DisposeAsync();
        await _hashing.DisposeAsync();
        await _file.DisposeAsync();
        _store.DeletePartial(_id);
    }
}
