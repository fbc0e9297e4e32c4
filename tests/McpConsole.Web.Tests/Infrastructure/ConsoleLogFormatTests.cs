using McpConsole.Web.Infrastructure.Logging;

namespace McpConsole.Web.Tests.Infrastructure;

/// <summary>`dotnet run` at a terminal reads as text; a pipe or a log collector gets JSON; an explicit setting wins.</summary>
public sealed class ConsoleLogFormatTests
{
    [Theory]
    [InlineData(ConsoleLogFormat.Auto, false, ConsoleLogFormat.Text)]
    [InlineData(ConsoleLogFormat.Auto, true, ConsoleLogFormat.Json)]
    [InlineData(ConsoleLogFormat.Text, true, ConsoleLogFormat.Text)]
    [InlineData(ConsoleLogFormat.Text, false, ConsoleLogFormat.Text)]
    [InlineData(ConsoleLogFormat.Json, false, ConsoleLogFormat.Json)]
    [InlineData(ConsoleLogFormat.Json, true, ConsoleLogFormat.Json)]
    public void Resolve_ByTerminalAndSetting(ConsoleLogFormat setting, bool outputRedirected, ConsoleLogFormat expected) =>
        Assert.Equal(expected, ConsoleLogFormats.Resolve(setting, outputRedirected));

    [Fact]
    public void Default_IsAuto() => Assert.Equal(ConsoleLogFormat.Auto, new Web.Infrastructure.ConsoleOptions().LogFormat);
}
