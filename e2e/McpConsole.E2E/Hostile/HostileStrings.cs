using System.Globalization;
using System.Text;

namespace McpConsole.E2E.Hostile;

/// <summary>
/// Strings an attacker would put in names, tool descriptions and health text. Each one that could run script calls
/// <c>__xss(n)</c> (the test defines it and records every call) and each one that could add an element plants
/// <c>data-xss</c> and <c>id="xss-n"</c> on it (the test looks for them in every frame). None of them may do either.
/// </summary>
public static class HostileStrings
{
    public static IReadOnlyList<string> All { get; } = Build();

    /// <summary>Finds elements a hostile string managed to add.</summary>
    public const string InjectedSelector = "[data-xss], [id^='xss-']";

    private static string Img(int n) => $"<img src=x id=xss-{n} data-xss onerror=__xss({n})>";

    private static List<string> Build()
    {
        var s = new List<string>
        {
            "<script>__xss(1)</script>",
            Img(2),
            "<svg id=xss-3 data-xss onload=__xss(3)>",
            "\"><img src=x id=xss-4 data-xss onerror=__xss(4)>",
            "' onmouseover='__xss(5)' data-xss='x",
            "\" onmouseover=\"__xss(6)\" data-xss=\"x",
            "javascript:__xss(7)",
            "</script><script>__xss(8)</script>",
            "</style><img src=x id=xss-9 data-xss onerror=__xss(9)>",
            "{{constructor.constructor('__xss(10)')()}}",
            "${__xss(11)}",
            "&lt;img src=x id=xss-12 data-xss onerror=__xss(12)&gt;",
            "[click me](javascript:__xss(13))",
            "<a href=\"javascript:__xss(14)\" id=xss-14 data-xss>link</a>",
            "<iframe id=xss-15 data-xss srcdoc=\"<script>parent.__xss(15)</script>\"></iframe>",
            "<details open id=xss-16 data-xss ontoggle=__xss(16)>",
            "<body onload=__xss(17)>",
            "\"}]}</script><script>__xss(18)</script>",
            "\u202Egnp.exe<img src=x id=xss-19 data-xss onerror=__xss(19)>",
            "zero\u200Bwidth\u200D\uFEFF<img src=x id=xss-20 data-xss onerror=__xss(20)>",
            "🔥💥 <img src=x id=xss-21 data-xss onerror=__xss(21)> 👩‍👩‍👧‍👦",
            Img(22) + new string('A', 4000) + "<script>__xss(22)</script>",
            "<math><mtext><table><mglyph><style><img src=x id=xss-23 data-xss onerror=__xss(23)>",
            "<object data=\"javascript:__xss(24)\" id=xss-24 data-xss></object>",
            "<input autofocus onfocus=__xss(25) id=xss-25 data-xss>",
            "<style>@import 'x';</style><b id=xss-26 data-xss>bold</b>",
            "%3Cimg%20src%3Dx%20id%3Dxss-27%20data-xss%20onerror%3D__xss(27)%3E",
            "<img src=x id=xss-28 data-xss onerror=&#95;&#95;xss(28)>",
            "<scr<script>ipt>__xss(29)</scr</script>ipt>",
            "<svg><a id=xss-30 data-xss><animate attributeName=href values=javascript:__xss(30) /><text>x</text></a></svg>",
            "<video><source id=xss-31 data-xss onerror=__xss(31)></video>",
            "' + __xss(32) + '",
            "\\'); __xss(33); //",
            "<base href=\"javascript:__xss(34)//\" id=xss-34 data-xss>",
            "--><img src=x id=xss-35 data-xss onerror=__xss(35)><!--",
            "]]><img src=x id=xss-36 data-xss onerror=__xss(36)>",
            "<form id=xss-37 data-xss action=javascript:__xss(37)><button>go</button></form>",
            "`-__xss(38)-`",
        };
        return s;
    }

    /// <summary>
    /// The string as a registry field takes it: names and labels have a length limit and refuse control characters
    /// and surrounding whitespace; the payload is at the start of every string, so it survives the cut.
    /// </summary>
    public static string Fit(string value, int max)
    {
        var text = new StringBuilder();
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsControl(rune)) continue;
            if (text.Length + rune.Utf16SequenceLength > max) break;
            text.Append(rune.ToString());
        }
        return text.ToString().Trim();
    }

    public static string Describe(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"#{index} {(All[index].Length > 60 ? All[index][..60] + "…" : All[index])}");
}
