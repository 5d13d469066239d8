using D8.Telegram.Internal.Texts;
using D8.Testing.Telegram;

namespace D8.Telegram.Tests.Internal.Texts;

public sealed class HtmlTests
{
    [Theory]
    [InlineData("<b>&", "&lt;b&gt;&amp;")]
    [InlineData("a \"quoted\" text", "a \"quoted\" text")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Escape_SpecialCharacters_AreEntities(string? text, string expected) => Assert.Equal(expected, Html.Escape(text));

    [Fact]
    public void EscapeTruncated_CutsBetweenTextElements_NeverInsideAnEntityOrEmoji()
    {
        var text = string.Concat(Enumerable.Repeat("&👍🏽x", 50));

        for (var budget = 5; budget < 120; budget++)
        {
            var cut = Html.EscapeTruncated(text, budget, "…");

            Assert.True(cut.Length <= budget, $"budget {budget}: {cut.Length}");
            Assert.EndsWith("…", cut, StringComparison.Ordinal);
            var visible = TelegramHtml.ToVisibleText(cut);
            Assert.StartsWith(visible[..^1], text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToPlain_OwnHtml_DropsTagsAndDecodes() =>
        Assert.Equal("⚠️ req-0001 <x> & ya está", Html.ToPlain("⚠️ <code>req-0001</code> &lt;x&gt; &amp; ya está"));
}
