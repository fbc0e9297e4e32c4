using McpConsole.Core.Fleet;
using McpConsole.Core.Fleet.Import;

namespace McpConsole.Core.Tests.Fleet.Import;

internal static class ImportAssert
{
    public static IReadOnlyList<ServerDefinition> Parses(string json, ImportFormat expectedFormat)
    {
        var result = ServerImport.Parse(json);
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(expectedFormat, result.Format);
        return result.Servers;
    }

    public static ImportError Fails(string json)
    {
        var result = ServerImport.Parse(json);
        Assert.False(result.Succeeded);
        Assert.Empty(result.Servers);
        Assert.Null(result.Format);
        return result.Error!;
    }

    public static void FailsAt(string json, int line, string reason)
    {
        var error = Fails(json);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(line, error.Line);
        Assert.Equal($"line {line}: {reason}", error.Message);
    }
}
