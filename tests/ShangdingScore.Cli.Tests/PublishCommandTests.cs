using System.Text.Json.Nodes;
using System.Xml.Linq;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Cli.Tests;

public sealed class PublishCommandTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Publish_TwoVersions_WritesMarkdownAndHtmlForEach()
    {
        var first = _ws.WriteRules("a.json");
        var second = _ws.WriteRules("b.json", doc =>
        {
            doc["version"] = "2021.1.0";
            doc["effectiveFrom"] = "2021-01-01";
            Workspace.Entry(doc, "items", "honour.national")["name"]!["en"] = "Honour <national> & \"state\"";
        });
        var outDir = _ws.Path("site");

        var r = _ws.Run("publish", first, second, "--out", outDir, "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(2, JsonNode.Parse(r.Stdout)!["pages"]!.AsArray().Count);
        var markdown = File.ReadAllText(Path.Combine(outDir, "zhengzhou.shangding-2019.1.0.md"));
        Assert.Equal(RuleSetDocumentation.ToMarkdown(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion)), markdown);
        Assert.True(File.Exists(Path.Combine(outDir, "zhengzhou.shangding-2021.1.0.md")));
        Assert.True(File.Exists(Path.Combine(outDir, "zhengzhou.shangding-2021.1.0.html")));
    }

    [Fact]
    public void Publish_Html_IsSelfContainedEscapedAndNamesEveryItemInChineseAndEnglish()
    {
        var rules = _ws.WriteRules("b.json", doc => Workspace.Entry(doc, "items", "honour.national")["name"]!["en"] = "Honour <national> & \"state\"");
        var outDir = _ws.Path("site");

        var r = _ws.Run("publish", rules, "--out", outDir);

        Assert.True(r.ExitCode == 0, r.ToString());
        var html = File.ReadAllText(Path.Combine(outDir, "zhengzhou.shangding-2019.1.0.html"));
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("Honour &lt;national&gt; &amp; &quot;state&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<national>", html, StringComparison.Ordinal);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html, StringComparison.Ordinal);
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        foreach (var item in rs.Items.Where(i => i.Code != "honour.national"))
        {
            Assert.Contains($"<td><code>{item.Code}</code></td><td>{item.Name.ZhCn}</td><td>{Escape(item.Name.En)}</td>", html, StringComparison.Ordinal);
        }

        foreach (var g in rs.Grades) Assert.Contains($"<td>{g.Name.ZhCn}</td><td>{g.Name.En}</td>", html, StringComparison.Ordinal);

        // Well-formed enough to parse as XML once the doctype and the void <meta> elements are closed.
        var xml = html.Replace("<!DOCTYPE html>", string.Empty, StringComparison.Ordinal).Replace("\">\n", "\"/>\n", StringComparison.Ordinal).Replace("<html lang=\"zh-CN\"/>", "<html lang=\"zh-CN\">", StringComparison.Ordinal);
        var doc = XDocument.Parse(xml);
        Assert.Equal(rs.Items.Length, doc.Descendants("table").ElementAt(2).Descendants("tr").Count() - 1);
    }

    [Fact]
    public void Publish_OneInvalidFile_WritesNothing()
    {
        var good = _ws.WriteRules("a.json");
        var bad = _ws.WriteRules("b.json", doc => doc["grades"] = new JsonArray());
        var outDir = _ws.Path("site");

        var r = _ws.Run("publish", good, bad, "--out", outDir);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("b.json: $.grades", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);
}
