using McpConsole.Core.Fleet.Import;

namespace McpConsole.Core.Tests.Fleet.Import;

public class ImportRobustnessTests
{
    private const string Sample = """
        {
          // VS Code style, with a comment
          "servers": {
            "memory": {"type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"], "env": {"K": "é"}},
            "github": {"type": "http", "url": "https://api.githubcopilot.com/mcp/", "headers": {"Authorization": "Bearer x"}}
          }
        }
        """;

    [Fact]
    public void Parse_EveryTruncationOfAValidFile_NeverThrowsAndReportsALineInsideTheText()
    {
        var lineCount = Sample.Split('\n').Length;
        for (var length = 0; length < Sample.Length; length++)
        {
            var prefix = Sample[..length];

            var result = ServerImport.Parse(prefix);

            Assert.False(result.Succeeded, $"prefix of {length} chars parsed");
            Assert.Empty(result.Servers);
            Assert.InRange(result.Error!.Line, 1, lineCount);
            Assert.True(result.Error.Column >= 1);
            Assert.False(string.IsNullOrWhiteSpace(result.Error.Reason));
        }

        Assert.True(ServerImport.Parse(Sample).Succeeded);
    }

    [Fact]
    public void Parse_EverySingleCharacterDeletion_NeverThrows()
    {
        for (var i = 0; i < Sample.Length; i++)
        {
            var damaged = Sample.Remove(i, 1);

            var result = ServerImport.Parse(damaged);

            Assert.True(result.Succeeded || result.Error is { Line: >= 1 }, $"deleting index {i}");
            Assert.True(result.Succeeded || result.Servers.Count == 0);
        }
    }
}
