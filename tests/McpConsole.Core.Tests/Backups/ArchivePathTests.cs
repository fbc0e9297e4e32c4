using McpConsole.Core.Backups;

namespace McpConsole.Core.Tests.Backups;

public class ArchivePathTests
{
    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("config/../../secret")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("\\windows\\system32")]
    [InlineData("C:/boot.ini")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("")]
    [InlineData("a\nb")]
    [InlineData("..\\..\\x")]
    public void Check_UnsafeEntry_IsRefused(string entry)
    {
        Assert.NotNull(ArchivePath.Check(entry).Error);
        Assert.Throws<UnsafeArchivePathException>(() => ArchivePath.Resolve("/srv/config", entry));
    }

    [Theory]
    [InlineData("config.json", "/srv/config/config.json")]
    [InlineData("certs/ca.pem", "/srv/config/certs/ca.pem")]
    [InlineData("a..b/file..txt", "/srv/config/a..b/file..txt")]
    public void Resolve_SafeEntry_StaysUnderRoot(string entry, string expected)
    {
        Assert.Equal(expected, ArchivePath.Resolve("/srv/config", entry));
    }
}
