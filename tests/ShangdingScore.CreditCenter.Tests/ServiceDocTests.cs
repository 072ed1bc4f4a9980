namespace ShangdingScore.CreditCenter.Tests;

public sealed class ServiceDocTests
{
    [Fact]
    public void EveryCenterReasonCode_IsDocumented_AndDescribedInBothLanguages()
    {
        var doc = File.ReadAllText(Path.Combine(Root(), "docs", "service.md"));
        var codes = typeof(CenterReasonCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

        Assert.Equal(14, codes.Length);
        foreach (var code in codes)
        {
            Assert.Contains($"| `{code}` |", doc, StringComparison.Ordinal);
            var text = CenterReasonCodes.Describe(code);
            Assert.NotEqual(text.ZhCn, text.En);
        }
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ShangdingScore.Sdk.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("The repository root (ShangdingScore.Sdk.sln) is not above the test's folder.");
    }
}
