using McpConsole.Core.Backups;

namespace McpConsole.Core.Tests.Backups;

public class ArchiveCheckTests
{
    private static readonly DateTimeOffset _t = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static BackupManifest Manifest(params ManifestFile[] files) => new()
    {
        Id = "20261125T120000Z-cfg-0001", CreatedAt = _t, SourceKey = "files-1", SourceName = "cfg", SourceKind = BackupSourceKind.Files,
        Files = files, ToolVersions = new Dictionary<string, string> { ["mcpconsole"] = "1.0" },
        Archive = new ArchiveDigest(100, "aa"),
    };

    private static readonly ManifestFile _a = new("a.json", 10, "11");
    private static readonly ManifestFile _b = new("dir/b.txt", 20, "22");

    [Fact]
    public void Compare_EverythingMatches_NoProblems()
    {
        var m = Manifest(_a, _b);
        var problems = ArchiveCheck.Compare(m, new ArchiveDigest(100, "AA"), [new("a.json", 10, "11"), new("dir/b.txt", 20, "22")], m with { Archive = null });
        Assert.Empty(problems);
    }

    [Fact]
    public void Compare_FileHashDiffers_NamesTheFile()
    {
        var m = Manifest(_a, _b);
        var problems = ArchiveCheck.Compare(m, new ArchiveDigest(100, "aa"), [new("a.json", 10, "11"), new("dir/b.txt", 20, "23")], m with { Archive = null });
        Assert.Equal(["dir/b.txt: SHA-256 does not match the manifest"], problems);
    }

    [Fact]
    public void Compare_TruncatedArchive_ReportsSizeAndMissingFile()
    {
        var m = Manifest(_a, _b);
        var problems = ArchiveCheck.Compare(m, new ArchiveDigest(60, "bb"), [new("a.json", 10, "11")], null);
        Assert.Contains(problems, p => p.Contains("truncated"));
        Assert.Contains("dir/b.txt: listed in the manifest but missing from the archive", problems);
        Assert.Contains("the archive has no inner manifest", problems);
    }

    [Fact]
    public void Compare_TraversalEntry_IsRefused()
    {
        var m = Manifest(_a);
        var problems = ArchiveCheck.Compare(m, new ArchiveDigest(100, "aa"), [new("a.json", 10, "11"), new("../evil", 1, "00")], m with { Archive = null });
        Assert.Contains(problems, p => p.StartsWith("archive entry refused") && p.Contains(".."));
    }

    [Fact]
    public void Compare_InnerManifestEdited_IsDetected()
    {
        var m = Manifest(_a);
        var problems = ArchiveCheck.Compare(m, new ArchiveDigest(100, "aa"), [new("a.json", 10, "11")], m with { Archive = null, SourceName = "other" });
        Assert.Equal(["the manifest beside the archive differs from the one inside it"], problems);
    }

    [Fact]
    public void Parse_DamagedJson_GivesReasonNotException()
    {
        var json = Manifest(_a).ToJson();
        var (manifest, error) = BackupManifest.Parse(json[..(json.Length / 2)]);
        Assert.Null(manifest);
        Assert.StartsWith("the manifest is not valid JSON", error);
        Assert.Equal(Manifest(_a).ToJson(), BackupManifest.Parse(json).Manifest!.ToJson());
    }

    [Fact]
    public void Preview_ListsReplacedCreatedUnchangedAndKeptFiles()
    {
        var m = Manifest(_a, _b, new ManifestFile("c", 5, "55"));
        var current = new List<CurrentFile> { new("a.json", 10, "11", _t), new("dir/b.txt", 21, "99", _t), new("extra", 3, "33", _t) };
        var preview = RestorePreview.Compute(m, current, _t.AddHours(30));
        Assert.Equal(TimeSpan.FromHours(30), preview.BackupAge);
        Assert.Equal(
            [("a.json", FileChangeKind.Unchanged), ("c", FileChangeKind.Created), ("dir/b.txt", FileChangeKind.Replaced), ("extra", FileChangeKind.NotInBackup)],
            preview.Changes.Select(c => (c.Path, c.Kind)));
        Assert.True(preview.ChangesAnything);
        Assert.True(RestoreConfirmation.Matches(m.Id, " " + m.Id + " "));
        Assert.False(RestoreConfirmation.Matches(m.Id, "yes"));
    }
}
