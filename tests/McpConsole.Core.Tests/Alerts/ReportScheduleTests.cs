using McpConsole.Core.Alerts;

namespace McpConsole.Core.Tests.Alerts;

public sealed class ReportScheduleTests
{
    [Fact]
    public void Presets_AreFiveFieldCron()
    {
        Assert.Equal("0 8 * * *", ReportSchedule.Preset("daily"));
        Assert.Equal("0 8 * * 1", ReportSchedule.Preset("Weekly"));
        Assert.Equal("0 8 1 * *", ReportSchedule.Preset("monthly"));
        Assert.Null(ReportSchedule.Preset("hourly"));
        Assert.Equal("30 17 * * 5", ReportSchedule.Weekly(DayOfWeek.Friday, 17, 30));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportSchedule.Monthly(31, 8));
    }

    [Theory]
    [InlineData("0 8 * * 1")]
    [InlineData("*/15 6-18 * * 1-5")]
    [InlineData("0 0 1,15 * *")]
    public void Validate_AcceptsCommonExpressions(string cron) => Assert.Null(ReportSchedule.Validate(cron));

    [Theory]
    [InlineData("", "five fields")]
    [InlineData("0 8 * *", "five fields")]
    [InlineData("60 8 * * *", "minute field")]
    [InlineData("0 24 * * *", "hour field")]
    [InlineData("0 8 * 13 *", "month field")]
    [InlineData("0 8 * * 1-x", "day of week field")]
    [InlineData("0 18-6 * * *", "hour field")]
    public void Validate_ExplainsTheBadField(string cron, string expected) =>
        Assert.Contains(expected, ReportSchedule.Validate(cron));
}
