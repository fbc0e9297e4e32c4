using McpConsole.Core.Fleet.Import;

namespace McpConsole.Core.Tests.Fleet.Import;

public class ResourceQuantityTests
{
    [Theory]
    [InlineData("256MB", 256)]
    [InlineData("256 MB", 256)]
    [InlineData("256mb", 256)]
    [InlineData("512Mi", 512)]
    [InlineData("512M", 512)]
    [InlineData("512MiB", 512)]
    [InlineData("1GB", 1024)]
    [InlineData("1Gi", 1024)]
    [InlineData("1.5G", 1536)]
    [InlineData("2TB", 2 * 1024 * 1024)]
    [InlineData("1024KB", 1)]
    [InlineData("100KB", 1)]
    [InlineData("128", 128)]
    [InlineData(" 64MB ", 64)]
    public void TryParseMemoryMb_KnownSpellings_GiveMegabytes(string text, int expected)
    {
        Assert.True(ResourceQuantity.TryParseMemoryMb(text, out var mb));
        Assert.Equal(expected, mb);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("MB")]
    [InlineData("-1MB")]
    [InlineData("0MB")]
    [InlineData("12XB")]
    [InlineData("1,5GB")]
    [InlineData("9999999TB")]
    public void TryParseMemoryMb_Invalid_ReturnsFalse(string text)
    {
        Assert.False(ResourceQuantity.TryParseMemoryMb(text, out _));
    }

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("1.0", 1.0)]
    [InlineData("2", 2.0)]
    [InlineData("250m", 0.25)]
    [InlineData("1500m", 1.5)]
    public void TryParseCpuCores_KnownSpellings_GiveCores(string text, double expected)
    {
        Assert.True(ResourceQuantity.TryParseCpuCores(text, out var cores));
        Assert.Equal(expected, cores, 10);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("half")]
    [InlineData("m")]
    [InlineData("0.5 cores")]
    public void TryParseCpuCores_Invalid_ReturnsFalse(string text)
    {
        Assert.False(ResourceQuantity.TryParseCpuCores(text, out _));
    }
}
