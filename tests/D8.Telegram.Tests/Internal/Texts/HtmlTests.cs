using D8.Telegram.Internal.Texts;
using D8.Testing.Telegram;
using Telegram.Bot.Extensions;

namespace D8.Telegram.Tests.Internal.Texts;

public sealed class HtmlTests
{
    // What the bot relies on from Telegram.Bot's escaping of user text (and what the Bot API shows back).
    [Theory]
    [InlineData("<b>&", "&lt;b&gt;&amp;")]
    [InlineData("a \"quoted\" 'text'", "a &quot;quoted&quot; 'text'")]
    [InlineData("&amp;", "&amp;amp;")]
    [InlineData("", "")]
    public void HtmlTextEscape_SpecialCharacters_AreEntitiesTelegramShowsAsTyped(string text, string expected)
    {
        var escaped = HtmlText.Escape(text);

        Assert.Equal(expected, escaped);
        Assert.Equal(text, TelegramHtml.ToVisibleText(escaped));
    }

    [Theory]
    [InlineData("a \"quoted\" <b>", 100, "a &quot;quoted&quot; &lt;b&gt;")]
    [InlineData(null, 10, "")]
    public void EscapeTruncated_WithinBudget_IsTheEscapedText(string? text, int budget, string expected) =>
        Assert.Equal(expected, Html.EscapeTruncated(text, budget, "…"));

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
    public void HtmlTextToPlain_OwnHtml_DropsTagsAndDecodes() =>
        Assert.Equal("⚠️ req-0001 <x> & \"q\" ya está", HtmlText.ToPlain("⚠️ <code>req-0001</code> &lt;x&gt; &amp; &quot;q&quot; ya está"));
}
