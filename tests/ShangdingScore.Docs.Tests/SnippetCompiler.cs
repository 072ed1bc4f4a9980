using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ShangdingScore.Docs.Tests;

/// <summary>
/// Compiles a snippet as a file of a console app a reader would create with <c>dotnet new console</c>: the SDK's
/// implicit usings and nothing else — every other namespace must be in the snippet's own <c>using</c> lines — against
/// the assemblies of this test (the SDK's packages and their dependencies).
/// </summary>
internal static class SnippetCompiler
{
    // What <ImplicitUsings>enable</ImplicitUsings> gives a console app (Microsoft.NET.Sdk).
    private const string ImplicitUsings =
        "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.IO;\n" +
        "global using global::System.Linq;\nglobal using global::System.Net.Http;\nglobal using global::System.Threading;\n" +
        "global using global::System.Threading.Tasks;\n";

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    /// <summary>Compiles; returns the assembly image, or the errors with their line in the Markdown file.</summary>
    public static (byte[]? Image, IReadOnlyList<string> Errors) Compile(DocSnippet snippet)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(snippet.Code, parse, path: snippet.File);
        bool program = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var options = new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithOptimizationLevel(OptimizationLevel.Debug);
        var compilation = CSharpCompilation.Create(
            "Snippet_" + Guid.NewGuid().ToString("N"),
            new[] { tree, CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "ImplicitUsings.g.cs") },
            References.Value,
            options);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        // Warnings count too: a reader's project has warnings as errors as often as not. Hidden are what the SDK hides in
        // every project (CS1701/CS1702: a reference to an older version of a framework assembly, unified at run time).
        var problems = emitted.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Id is not ("CS1701" or "CS1702")))
            .Select(d => Describe(snippet, d))
            .ToArray();
        return (emitted.Success && problems.Length == 0 ? image.ToArray() : null, problems);
    }

    /// <summary>Runs a compiled program in a context of its own, in <paramref name="workingDirectory"/>, and returns what it wrote.</summary>
    public static async Task<string> RunAsync(byte[] image, string workingDirectory)
    {
        var context = new AssemblyLoadContext("snippet", isCollectible: true);
        var previousOut = Console.Out;
        var previousDirectory = Environment.CurrentDirectory;
        var output = new StringWriter { NewLine = "\n" };
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(image));
            var entry = assembly.EntryPoint ?? throw new InvalidOperationException("The snippet has no entry point.");
            Console.SetOut(output);
            Environment.CurrentDirectory = workingDirectory;
            object? result;
            try
            {
                result = entry.Invoke(null, entry.GetParameters().Length == 0 ? null : new object[] { Array.Empty<string>() });
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }

            if (result is Task task) await task.ConfigureAwait(false);
            return output.ToString();
        }
        finally
        {
            Console.SetOut(previousOut);
            Environment.CurrentDirectory = previousDirectory;
            context.Unload();
        }
    }

    private static string Describe(DocSnippet snippet, Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        // The block's first code line is the line after the fence.
        int line = snippet.Line + 1 + span.StartLinePosition.Line;
        return $"{snippet.File}:{line}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
