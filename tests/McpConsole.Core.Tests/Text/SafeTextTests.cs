using System.Text;
using McpConsole.Core.Text;

namespace McpConsole.Core.Tests.Text;

public class SafeTextTests
{
    private const string Emoji = "😀"; // two UTF-16 units
    private static readonly UTF8Encoding _strictUtf8 = new(false, throwOnInvalidBytes: true);

    [Fact]
    public void Cut_199CharactersThenAnEmoji_At200_NeverLeavesHalfAPair()
    {
        var text = new string('a', 199) + Emoji;

        var cut = SafeText.Cut(text, 200);

        Assert.Equal(new string('a', 199) + "…", cut);
        _strictUtf8.GetBytes(cut); // throws on a lone surrogate, as Npgsql does
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(50)]
    [InlineData(199)]
    [InlineData(200)]
    [InlineData(201)]
    public void Cut_AnyLength_StaysWithinMax_AndEncodes(int max)
    {
        var text = string.Concat(Enumerable.Repeat("x" + Emoji, 80));

        var cut = SafeText.Cut(text, max);

        Assert.True(cut.Length <= max, $"{cut.Length} > {max}");
        _strictUtf8.GetBytes(cut);
    }

    [Fact]
    public void Cut_ShortText_IsReturnedUnchanged()
    {
        Assert.Equal("ok " + Emoji, SafeText.Cut("ok " + Emoji, 10));
        Assert.Null(SafeText.CutOrNull(null, 10));
    }

    [Fact]
    public void Tail_KeepsTheEnd_WithoutHalfAPair()
    {
        var text = Emoji + new string('b', 9);

        var tail = SafeText.Tail(text, 10); // the window starts on the emoji's low half

        Assert.Equal("…" + new string('b', 9), tail);
        _strictUtf8.GetBytes(tail);
    }

    [Fact]
    public void Scrub_ReplacesLoneSurrogates_KeepsPairs()
    {
        var text = "a\uD83D" + "b" + Emoji + "\uDE00";

        Assert.Equal("a\uFFFDb" + Emoji + "\uFFFD", SafeText.Scrub(text));
        Assert.Same(Emoji, SafeText.Scrub(Emoji));
    }

    [Fact]
    public void Cut_ShortTextWithALoneSurrogate_IsScrubbed()
    {
        Assert.Equal("\uFFFD!", SafeText.Cut("\uD83D!", 10));
    }
}
