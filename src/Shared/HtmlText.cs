using System.Text;

namespace ShangdingScore.Html;

/// <summary>
/// The house style and escaping of the HTML pages the SDK writes (the CLI's published rule pages, the monitoring
/// reports): linked source, internal to each assembly that compiles it.
/// </summary>
internal static class HtmlText
{
    /// <summary>The pages' stylesheet.</summary>
    public const string Css = """
        body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fafafa; }
        main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; background: #fff; }
        h1 { font-size: 1.6rem; border-bottom: 3px solid #b22222; padding-bottom: .4rem; }
        h2 { font-size: 1.25rem; margin-top: 2rem; color: #8b1a1a; }
        blockquote { margin: 1rem 0; padding: .6rem 1rem; background: #fff7e6; border-left: 4px solid #e0a800; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .8rem 0; }
        th, td { border: 1px solid #d0d0d0; padding: .35rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f2f2f2; }
        tr:nth-child(even) td { background: #fbfbfb; }
        code { font-family: ui-monospace, "Cascadia Mono", Menlo, monospace; font-size: .85em; background: #f3f3f3; padding: 0 .2em; }
        footer { margin-top: 2rem; font-size: .8rem; color: #666; }
        """;

    /// <summary>HTML-escapes text for element content and attribute values (<c>&amp; &lt; &gt; " '</c>); other characters, Chinese included, are written as is in UTF-8.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}
