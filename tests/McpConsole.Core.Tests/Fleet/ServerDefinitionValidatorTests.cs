using McpConsole.Core.Fleet;

namespace McpConsole.Core.Tests.Fleet;

public class ServerDefinitionValidatorTests
{
    private static readonly ServerDefinition _stdio = new() { Name = "fs", Command = "npx" };
    private static readonly ServerDefinition _http = new() { Name = "web", Transport = ServerTransport.StreamableHttp, Url = "https://x.example/mcp" };

    private static FieldError SingleError(ServerDefinition server) => Assert.Single(ServerDefinitionValidator.Validate(server));

    [Fact]
    public void Validate_MinimalStdioAndHttp_AreValid()
    {
        Assert.Empty(ServerDefinitionValidator.Validate(_stdio));
        Assert.Empty(ServerDefinitionValidator.Validate(_http));
        Assert.Empty(ServerDefinitionValidator.Validate(_http with { Transport = ServerTransport.Sse, Url = "http://127.0.0.1:3001/sse" }));
    }

    [Fact]
    public void Defaults_AreThirtySecondIntervalTenSecondTimeoutEnabledStdio()
    {
        Assert.Equal(ServerTransport.Stdio, _stdio.Transport);
        Assert.Equal(30, _stdio.ProbeIntervalSeconds);
        Assert.Equal(10, _stdio.TimeoutSeconds);
        Assert.True(_stdio.Enabled);
        Assert.Empty(_stdio.Arguments);
        Assert.Empty(_stdio.Environment);
        Assert.Empty(_stdio.Headers);
        Assert.Empty(_stdio.Tags);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_BlankName_IsRequired(string name)
    {
        Assert.Equal(new FieldError("Name", "name is required"), SingleError(_stdio with { Name = name }));
    }

    [Fact]
    public void Validate_NameOf128Characters_IsValid_129_IsNot()
    {
        Assert.Empty(ServerDefinitionValidator.Validate(_stdio with { Name = new string('a', 128) }));
        Assert.Equal(new FieldError("Name", "name must be at most 128 characters"), SingleError(_stdio with { Name = new string('a', 129) }));
    }

    [Fact]
    public void Validate_NameWithControlCharacter_IsRejected()
    {
        Assert.Equal("name must not contain control characters", SingleError(_stdio with { Name = "a\u0007b" }).Message);
    }

    [Fact]
    public void Validate_NameWithSurroundingSpace_IsRejected()
    {
        Assert.Equal("name must not start or end with whitespace", SingleError(_stdio with { Name = " fs" }).Message);
    }

    [Fact]
    public void Validate_NameWithSlashDotAndParentheses_IsValid()
    {
        Assert.Empty(ServerDefinitionValidator.Validate(_stdio with { Name = "io.github.acme/weather (npm 2)" }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Validate_StdioWithoutCommand_NeedsCommand(string? command)
    {
        Assert.Equal(new FieldError("Command", "a stdio server needs a command"), SingleError(_stdio with { Command = command }));
    }

    [Fact]
    public void Validate_CommandWithNewline_IsRejected()
    {
        Assert.Equal("Command", SingleError(_stdio with { Command = "npx\nrm" }).Field);
    }

    [Fact]
    public void Validate_ArgumentWithNul_IsRejected()
    {
        Assert.Equal("Arguments", SingleError(_stdio with { Arguments = ["a\0b"] }).Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("A=B")]
    public void Validate_BadEnvironmentName_IsRejected(string key)
    {
        var error = SingleError(_stdio with { Environment = new Dictionary<string, string> { [key] = "v" } });
        Assert.Equal("Environment", error.Field);
    }

    [Fact]
    public void Validate_StdioIgnoresUrlAndHttpIgnoresCommand()
    {
        Assert.Empty(ServerDefinitionValidator.Validate(_stdio with { Url = "not a url" }));
        Assert.Empty(ServerDefinitionValidator.Validate(_http with { Command = "" }));
    }

    [Theory]
    [InlineData(null, "an HTTP server needs a URL")]
    [InlineData("", "an HTTP server needs a URL")]
    [InlineData("/mcp", "URL must be an absolute http:// or https:// URL")]
    [InlineData("localhost:3001/mcp", "URL must be an absolute http:// or https:// URL")]
    [InlineData("ftp://host/mcp", "URL must be an absolute http:// or https:// URL")]
    [InlineData("ws://host/mcp", "URL must be an absolute http:// or https:// URL")]
    [InlineData("file:///etc/passwd", "URL must be an absolute http:// or https:// URL")]
    [InlineData("https://", "URL must be an absolute http:// or https:// URL")]
    public void Validate_HttpWithBadUrl_IsRejected(string? url, string message)
    {
        Assert.Equal(new FieldError("Url", message), SingleError(_http with { Url = url }));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5100/mcp")]
    [InlineData("https://mcp.example.com")]
    [InlineData("http://[::1]:8080/mcp")]
    public void Validate_HttpWithGoodUrl_IsValid(string url)
    {
        Assert.Empty(ServerDefinitionValidator.Validate(_http with { Url = url }));
    }

    [Fact]
    public void Validate_HeaderInjection_IsRejected()
    {
        var error = SingleError(_http with { Headers = new Dictionary<string, string> { ["X-A"] = "a\nB: c" } });
        Assert.Equal(new FieldError("Headers", "header 'X-A' must not contain line breaks or NUL"), error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bad Header")]
    [InlineData("X:Y")]
    [InlineData("Ünicode")]
    public void Validate_InvalidHeaderName_IsRejected(string name)
    {
        Assert.Equal("Headers", SingleError(_http with { Headers = new Dictionary<string, string> { [name] = "v" } }).Field);
    }

    [Theory]
    [InlineData(4, "ProbeIntervalSeconds")]
    [InlineData(86_401, "ProbeIntervalSeconds")]
    public void Validate_IntervalOutOfRange_IsRejected(int interval, string field)
    {
        var error = SingleError(_stdio with { ProbeIntervalSeconds = interval, TimeoutSeconds = 1 });
        Assert.Equal(new FieldError(field, "probe interval must be between 5 and 86400 seconds"), error);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(86_400)]
    public void Validate_IntervalAtBounds_IsValid(int interval)
    {
        Assert.Empty(ServerDefinitionValidator.Validate(_stdio with { ProbeIntervalSeconds = interval, TimeoutSeconds = 5 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(301)]
    public void Validate_TimeoutOutOfRange_IsRejected(int timeout)
    {
        var error = SingleError(_stdio with { ProbeIntervalSeconds = 600, TimeoutSeconds = timeout });
        Assert.Equal(new FieldError("TimeoutSeconds", "timeout must be between 1 and 300 seconds"), error);
    }

    [Fact]
    public void Validate_TimeoutLongerThanInterval_IsRejected()
    {
        var error = SingleError(_stdio with { ProbeIntervalSeconds = 10, TimeoutSeconds = 11 });
        Assert.Equal(new FieldError("TimeoutSeconds", "timeout must not be longer than the probe interval"), error);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(1025.0)]
    [InlineData(double.NaN)]
    public void Validate_BadCpuCores_IsRejected(double cores)
    {
        Assert.Equal("CpuCores", SingleError(_stdio with { CpuCores = cores }).Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-256)]
    public void Validate_BadMemory_IsRejected(int mb)
    {
        Assert.Equal("MemoryMb", SingleError(_stdio with { MemoryMb = mb }).Field);
    }

    [Fact]
    public void Validate_ResourcesAsInSeed_AreValid()
    {
        Assert.Empty(ServerDefinitionValidator.Validate(_stdio with { CpuCores = 0.5, MemoryMb = 256 }));
    }

    [Fact]
    public void Validate_LongGroupAndLocation_AreRejected()
    {
        var errors = ServerDefinitionValidator.Validate(_stdio with { Group = new string('g', 101), Location = new string('l', 101) });
        Assert.Equal(["Group", "Location"], errors.Select(e => e.Field));
        Assert.Equal("group must be at most 100 characters", errors[0].Message);
    }

    [Fact]
    public void Validate_EmptyOrDuplicateTags_AreRejected()
    {
        Assert.Equal("tags must not be empty", SingleError(_stdio with { Tags = ["prod", " "] }).Message);
        Assert.Equal("tags must be unique", SingleError(_stdio with { Tags = ["prod", "PROD"] }).Message);
        Assert.Equal("each tag must be at most 100 characters", SingleError(_stdio with { Tags = [new string('t', 101)] }).Message);
    }

    [Fact]
    public void Validate_SeveralProblems_AreAllReported()
    {
        var errors = ServerDefinitionValidator.Validate(new ServerDefinition
        {
            Name = "",
            Transport = ServerTransport.Sse,
            Url = "nope",
            ProbeIntervalSeconds = 1,
            MemoryMb = 0,
        });

        Assert.Equal(["Name", "Url", "MemoryMb", "ProbeIntervalSeconds"], errors.Select(e => e.Field));
    }

    [Fact]
    public void FieldError_ToString_NamesFieldAndMessage()
    {
        Assert.Equal("Url: bad", new FieldError("Url", "bad").ToString());
    }
}

public class ServerDefinitionSecretsTests
{
    [Fact]
    public void ToString_DoesNotPrintEnvironmentOrHeaderValues()
    {
        var server = new ServerDefinition
        {
            Name = "x",
            Command = "node",
            Environment = new Dictionary<string, string> { ["TOKEN"] = "env-secret-value" },
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer header-secret-value" },
        };

        var text = server.ToString();

        Assert.DoesNotContain("env-secret-value", text);
        Assert.DoesNotContain("header-secret-value", text);
    }

    [Fact]
    public void Redact_ReplacesEveryValueAndKeepsKeys()
    {
        var redacted = SecretRedaction.Redact(new Dictionary<string, string> { ["A"] = "1", ["B"] = "" });

        Assert.Equal(new Dictionary<string, string> { ["A"] = "<redacted>", ["B"] = "<redacted>" }, redacted);
        Assert.True(SecretRedaction.IsPlaceholder("<redacted>"));
        Assert.False(SecretRedaction.IsPlaceholder("<REDACTED>"));
        Assert.False(SecretRedaction.IsPlaceholder(null));
    }
}
