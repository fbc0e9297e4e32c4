using McpConsole.Core.Fleet;
using McpConsole.Core.Fleet.Import;

namespace McpConsole.Core.Tests.Fleet.Import;

public class ImportPlanTests
{
    private static readonly ServerDefinition _fs = new()
    {
        Name = "fs",
        Command = "npx",
        Arguments = ["-y", "server-filesystem"],
        Environment = new Dictionary<string, string> { ["TOKEN"] = "s3cret" },
    };

    private static readonly ServerDefinition _web = new()
    {
        Name = "web",
        Transport = ServerTransport.StreamableHttp,
        Url = "https://web/mcp",
        Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer old" },
    };

    [Fact]
    public void Compute_EmptyRegistry_EverythingIsNew()
    {
        var plan = ImportPlan.Compute([], [_fs, _web]);

        Assert.Equal(["fs", "web"], plan.New.Select(s => s.Name));
        Assert.Empty(plan.Changed);
        Assert.Empty(plan.Unchanged);
        Assert.True(plan.HasChanges);
        Assert.Equal(["fs", "web"], plan.ToApply.Select(s => s.Name));
    }

    [Fact]
    public void Compute_SameDefinitions_AreUnchanged()
    {
        var plan = ImportPlan.Compute([_fs, _web], [_fs with { }, _web with { }]);

        Assert.Empty(plan.New);
        Assert.Empty(plan.Changed);
        Assert.Equal(["fs", "web"], plan.Unchanged.Select(s => s.Name));
        Assert.False(plan.HasChanges);
        Assert.Empty(plan.ToApply);
    }

    [Fact]
    public void Compute_EqualContentInNewCollections_IsUnchanged()
    {
        var copy = _fs with
        {
            Arguments = ["-y", "server-filesystem"],
            Environment = new Dictionary<string, string> { ["TOKEN"] = "s3cret" },
        };

        Assert.Single(ImportPlan.Compute([_fs], [copy]).Unchanged);
    }

    [Fact]
    public void Compute_ChangedArgumentsAndEnv_ListsThoseFields()
    {
        var incoming = _fs with { Arguments = ["-y", "server-filesystem", "/data"], Environment = new Dictionary<string, string> { ["TOKEN"] = "new" } };

        var change = Assert.Single(ImportPlan.Compute([_fs], [incoming]).Changed);

        Assert.Equal(["Arguments", "Environment"], change.ChangedFields);
        Assert.Same(_fs, change.Existing);
        Assert.Equal("new", change.Merged.Environment["TOKEN"]);
    }

    [Fact]
    public void Compute_NameMatchIsCaseInsensitive_KeepsExistingName()
    {
        var plan = ImportPlan.Compute([_fs], [_fs with { Name = "FS", Command = "uvx" }]);

        var change = Assert.Single(plan.Changed);
        Assert.Equal("fs", change.Merged.Name);
        Assert.Equal(["Command"], change.ChangedFields);
    }

    [Fact]
    public void Compute_TransportSwitch_ListsAllConnectionFields()
    {
        var incoming = new ServerDefinition { Name = "fs", Transport = ServerTransport.Sse, Url = "https://fs/sse" };

        var change = Assert.Single(ImportPlan.Compute([_fs], [incoming]).Changed);

        Assert.Equal(["Transport", "Command", "Arguments", "Environment", "Url"], change.ChangedFields);
        Assert.Null(change.Merged.Command);
        Assert.Empty(change.Merged.Arguments);
    }

    [Fact]
    public void Compute_OperatorSettings_AreKeptAndNotReportedAsChanges()
    {
        var existing = _fs with
        {
            ProbeIntervalSeconds = 60,
            TimeoutSeconds = 20,
            Enabled = false,
            Group = "team-a",
            Tags = ["prod"],
            Location = "on_premise",
            WorkingDirectory = "/srv",
            CpuCores = 2,
            MemoryMb = 512,
        };

        var plan = ImportPlan.Compute([existing], [_fs]);

        Assert.Same(existing, Assert.Single(plan.Unchanged));
    }

    [Fact]
    public void Compute_IncomingLocationAndResources_OverrideExisting()
    {
        var existing = _fs with { Location = "cloud", CpuCores = 1, MemoryMb = 128, Tags = ["a"], Group = "g" };
        var incoming = _fs with { Location = "on_premise", CpuCores = 0.5, MemoryMb = 256, Tags = ["b"], Group = "h", WorkingDirectory = "/w" };

        var change = Assert.Single(ImportPlan.Compute([existing], [incoming]).Changed);

        Assert.Equal(["WorkingDirectory", "Group", "Location", "Tags", "CpuCores", "MemoryMb"], change.ChangedFields);
        Assert.Equal("on_premise", change.Merged.Location);
        Assert.Equal(256, change.Merged.MemoryMb);
    }

    [Fact]
    public void Compute_RedactedSecretsInIncoming_KeepExistingValuesAndAreUnchanged()
    {
        var incomingFs = _fs with { Environment = new Dictionary<string, string> { ["TOKEN"] = SecretRedaction.Placeholder } };
        var incomingWeb = _web with { Headers = new Dictionary<string, string> { ["Authorization"] = SecretRedaction.Placeholder } };

        var plan = ImportPlan.Compute([_fs, _web], [incomingFs, incomingWeb]);

        Assert.Equal(2, plan.Unchanged.Count);
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void Compute_RedactedSecretForUnknownKey_IsAChangeWithWarning()
    {
        var incoming = _fs with { Environment = new Dictionary<string, string> { ["TOKEN"] = SecretRedaction.Placeholder, ["OTHER"] = SecretRedaction.Placeholder } };

        var plan = ImportPlan.Compute([_fs], [incoming]);

        var change = Assert.Single(plan.Changed);
        Assert.Equal("s3cret", change.Merged.Environment["TOKEN"]);
        Assert.Equal(SecretRedaction.Placeholder, change.Merged.Environment["OTHER"]);
        Assert.Equal(["server 'fs': environment variable 'OTHER' is redacted; set its value before enabling"], plan.Warnings);
    }

    [Fact]
    public void Compute_NewServerWithRedactedHeader_WarnsAboutIt()
    {
        var plan = ImportPlan.Compute([], [_web with { Headers = new Dictionary<string, string> { ["Authorization"] = SecretRedaction.Placeholder } }]);

        Assert.Equal(["server 'web': header 'Authorization' is redacted; set its value before enabling"], plan.Warnings);
    }

    [Fact]
    public void Compute_RemovedEnvVariable_IsAChange()
    {
        var change = Assert.Single(ImportPlan.Compute([_fs], [_fs with { Environment = new Dictionary<string, string>() }]).Changed);

        Assert.Equal(["Environment"], change.ChangedFields);
        Assert.Empty(change.Merged.Environment);
    }

    [Fact]
    public void Compute_MixOfNewChangedUnchanged_SortsEachIntoItsList()
    {
        var plan = ImportPlan.Compute([_fs, _web], [_fs, _web with { Url = "https://web2/mcp" }, new ServerDefinition { Name = "git", Command = "uvx" }]);

        Assert.Equal(["git"], plan.New.Select(s => s.Name));
        Assert.Equal(["web"], plan.Changed.Select(c => c.Merged.Name));
        Assert.Equal(["Url"], plan.Changed[0].ChangedFields);
        Assert.Equal(["fs"], plan.Unchanged.Select(s => s.Name));
        Assert.Equal(["git", "web"], plan.ToApply.Select(s => s.Name));
    }

    [Fact]
    public void Compute_ExistingNotInImport_IsLeftAlone()
    {
        var plan = ImportPlan.Compute([_fs, _web], [_fs]);

        Assert.Equal(["fs"], plan.Unchanged.Select(s => s.Name));
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void Compute_FromParsedSeedFile_EndToEnd()
    {
        var parsed = ServerImport.Parse("""
            {"hybrid_deployment": {"local_servers": {"git": {"type": "stdio", "command": "uvx", "args": ["mcp-server-git"]}}}}
            """);
        var existing = new ServerDefinition { Name = "git", Command = "uvx", Arguments = ["mcp-server-git"] };

        var change = Assert.Single(ImportPlan.Compute([existing], parsed.Servers).Changed);

        Assert.Equal(["Location"], change.ChangedFields);
        Assert.Equal("on_premise", change.Merged.Location);
    }
}
