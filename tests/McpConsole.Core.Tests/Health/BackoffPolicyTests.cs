using McpConsole.Core.Health;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Core.Tests.Health;

public class BackoffPolicyTests
{
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }

    private static readonly BackoffPolicy _noJitter = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 2.0, 0.0);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(100, 60)]
    [InlineData(int.MaxValue, 60)]
    public void BaseDelay_DoublesUpToTheCap(int attempt, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), _noJitter.BaseDelay(attempt));
    }

    [Fact]
    public void Delay_WithoutJitter_EqualsBaseDelay()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), _noJitter.Delay(3, new Random(1)));
    }

    [Theory]
    [InlineData(0.0, 10_000)]
    [InlineData(0.5, 9_000)]
    [InlineData(1.0, 8_000)]
    public void Delay_WithJitter_ShortensByUpToTheFraction(double random, int expectedMs)
    {
        var policy = new BackoffPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), 2.0, 0.2);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), policy.Delay(1, new FixedRandom(random)));
    }

    [Fact]
    public void Delay_SeededRandom_IsReproducibleAndWithinBounds()
    {
        var policy = BackoffPolicy.StdioRestart;
        var first = Enumerable.Range(1, 12).Select(a => policy.Delay(a, new Random(42))).ToList();
        var second = Enumerable.Range(1, 12).Select(a => policy.Delay(a, new Random(42))).ToList();

        Assert.Equal(first, second);
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var delay = first[attempt - 1];
            Assert.InRange(delay, policy.BaseDelay(attempt) * 0.8, policy.BaseDelay(attempt));
            Assert.True(delay <= policy.Max);
        }
    }

    [Fact]
    public void NextAttemptAt_IsNowFromTimeProviderPlusDelay()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        time.Advance(TimeSpan.FromMinutes(5));

        var next = _noJitter.NextAttemptAt(4, time, new Random(0));

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 5, 8, TimeSpan.Zero), next);
    }

    [Fact]
    public void Presets_AreThirtySecondsToThirtyMinutesAndOneSecondToFiveMinutes()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), BackoffPolicy.Persistent.Initial);
        Assert.Equal(TimeSpan.FromMinutes(30), BackoffPolicy.Persistent.Max);
        Assert.Equal(TimeSpan.FromSeconds(1), BackoffPolicy.StdioRestart.Initial);
        Assert.Equal(TimeSpan.FromMinutes(5), BackoffPolicy.StdioRestart.Max);
        Assert.Equal(TimeSpan.FromMinutes(5), BackoffPolicy.StdioRestart.BaseDelay(10));
        Assert.Equal(TimeSpan.FromSeconds(256), BackoffPolicy.StdioRestart.BaseDelay(9));
    }

    [Fact]
    public void Invalid_Arguments_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 2, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 2, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _noJitter.BaseDelay(0));
    }

    [Fact]
    public void ConstantPolicy_MultiplierOne_NeverGrows()
    {
        var constant = new BackoffPolicy(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), 1.0, 0);

        Assert.Equal(TimeSpan.FromSeconds(5), constant.BaseDelay(50));
    }
}
