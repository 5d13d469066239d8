using Microsoft.Playwright;

namespace D8.Dashboard.Tests.Support;

/// <summary>The layout acceptance checks: no word of a table cell is split across lines, and no page scrolls sideways.</summary>
public static class PageLayout
{
    /// <summary>
    /// For every text node inside a table cell (and a fact of a detail list), a Range over each word (a run of
    /// non-space characters) must lie on one line: its client rects all at one height (a word split across lines has
    /// rects on two; an ellipsis may cut one line's fragment in two). Hidden cells have no rects.
    /// </summary>
    private const string SplitWordsScript = """
        () => {
          const problems = [];
          for (const cell of document.querySelectorAll('td, th, dd, dt')) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const words = /\S+/g;
              for (let match = words.exec(node.data); match; match = words.exec(node.data)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                // An ellipsis cuts a fragment in two on the same line: rects count as lines by their vertical place.
                const lines = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0 && r.height > 0).map(r => Math.round(r.top)));
                if (lines.size > 1) {
                  problems.push(`${cell.tagName.toLowerCase()}[${cell.dataset.label || cell.textContent.trim().slice(0, 20)}]: '${match[0]}' is on ${lines.size} lines`);
                }
              }
            }
          }
          return problems;
        }
        """;

    /// <summary>Fails naming each word of a cell that is split across lines.</summary>
    public static async Task AssertNoSplitWordsAsync(IPage page)
    {
        var problems = await page.EvaluateAsync<string[]>(SplitWordsScript);
        Assert.True(problems.Length == 0, $"{page.Url} at {page.ViewportSize?.Width} px splits words: {string.Join("; ", problems)}");
    }

    /// <summary>Fails when the page is wider than the window (it would scroll horizontally).</summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        if (widths[0] > widths[1])
        {
            // Name the widest culprits, so a failure says what to fix.
            var wide = await page.EvaluateAsync<string[]>("""
                () => Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                  .slice(-6).map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && e.className.baseVal === undefined ? '.' + e.className : ''}[${e.dataset.label || ''}] ${Math.round(e.getBoundingClientRect().width)} px`)
                """);
            Assert.Fail($"{page.Url} scrolls horizontally at {widths[1]} px: scrollWidth is {widths[0]}; too wide: {string.Join(", ", wide)}.");
        }
    }
}
