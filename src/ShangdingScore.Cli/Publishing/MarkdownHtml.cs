using System.Text;
using ShangdingScore.Html;
using System.Text.RegularExpressions;

namespace ShangdingScore.Cli.Publishing;

/// <summary>
/// Turns the Markdown of <c>RuleSetDocumentation.ToMarkdown</c> into one self-contained HTML page, so
/// the page and the Markdown (docs/rules-zhengzhou.md) say the same thing from one source. It reads
/// the subset that page uses: <c>#</c>/<c>##</c> headings, <c>&gt;</c> quotes, pipe tables with
/// <c>\|</c> escapes, paragraphs (one line each), <c>`code`</c> and <c>**bold**</c>. Every text is
/// HTML-escaped before the inline marks are applied; the CSS is inline and nothing is loaded from
/// elsewhere.
/// </summary>
internal static partial class MarkdownHtml
{
    private const string Css = HtmlText.Css;

    /// <summary>The page: <paramref name="title"/> in the head, the converted <paramref name="markdown"/> in the body.</summary>
    public static string ToPage(string markdown, string title, string footer)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(Escape(title)).Append("</title>\n<style>\n").Append(Css).Append("\n</style>\n</head>\n<body>\n<main>\n");
        AppendBody(sb, markdown.Replace("\r\n", "\n").Split('\n'));
        sb.Append("<footer>").Append(Escape(footer)).Append("</footer>\n</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>HTML-escapes text (<see cref="HtmlText.Escape"/>).</summary>
    public static string Escape(string text) => HtmlText.Escape(text);

    private static void AppendBody(StringBuilder sb, string[] lines)
    {
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || (line.StartsWith("<!--", StringComparison.Ordinal) && line.EndsWith("-->", StringComparison.Ordinal))) continue;
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                sb.Append("<h2>").Append(Inline(line.Substring(3))).Append("</h2>\n");
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                sb.Append("<h1>").Append(Inline(line.Substring(2))).Append("</h1>\n");
            }
            else if (line.StartsWith('>'))
            {
                sb.Append("<blockquote>\n");
                for (; i < lines.Length && lines[i].StartsWith('>'); i++)
                {
                    var text = lines[i].Substring(1).TrimStart();
                    if (text.Length > 0) sb.Append("<p>").Append(Inline(text)).Append("</p>\n");
                }

                i--;
                sb.Append("</blockquote>\n");
            }
            else if (line.StartsWith('|'))
            {
                int start = i;
                for (; i < lines.Length && lines[i].StartsWith('|'); i++)
                {
                }

                AppendTable(sb, lines, start, i);
                i--;
            }
            else
            {
                sb.Append("<p>").Append(Inline(line)).Append("</p>\n");
            }
        }
    }

    private static void AppendTable(StringBuilder sb, string[] lines, int start, int end)
    {
        sb.Append("<table>\n");
        bool hasHeader = end - start >= 2 && SeparatorRow().IsMatch(lines[start + 1]);
        for (int r = start; r < end; r++)
        {
            if (hasHeader && r == start + 1) continue;
            bool header = hasHeader && r == start;
            if (header) sb.Append("<thead>\n");
            if (hasHeader && r == start + 2) sb.Append("<tbody>\n");
            sb.Append("<tr>");
            foreach (var cell in Cells(lines[r]))
            {
                sb.Append(header ? "<th>" : "<td>").Append(Inline(cell)).Append(header ? "</th>" : "</td>");
            }

            sb.Append("</tr>\n");
            if (header) sb.Append("</thead>\n");
        }

        if (hasHeader && end - start > 2) sb.Append("</tbody>\n");
        sb.Append("</table>\n");
    }

    /// <summary>The cells of a pipe-table row; <c>\|</c> is a pipe inside a cell.</summary>
    private static IEnumerable<string> Cells(string row)
    {
        var body = row.Trim();
        if (body.StartsWith('|')) body = body.Substring(1);
        if (body.EndsWith('|') && !body.EndsWith("\\|", StringComparison.Ordinal)) body = body.Substring(0, body.Length - 1);
        var cell = new StringBuilder();
        for (int i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length && body[i + 1] == '|')
            {
                cell.Append('|');
                i++;
            }
            else if (body[i] == '|')
            {
                yield return cell.ToString().Trim();
                cell.Clear();
            }
            else
            {
                cell.Append(body[i]);
            }
        }

        yield return cell.ToString().Trim();
    }

    /// <summary>Escapes the text, then turns <c>`code`</c> and <c>**bold**</c> into elements.</summary>
    private static string Inline(string text)
    {
        var escaped = Escape(text);
        escaped = CodeSpan().Replace(escaped, "<code>$1</code>");
        return BoldSpan().Replace(escaped, "<strong>$1</strong>");
    }

    [GeneratedRegex(@"^\|(\s*:?-+:?\s*\|)+\s*$")]
    private static partial Regex SeparatorRow();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex BoldSpan();
}
