using ShangdingScore.Cli.Infrastructure;
using Xunit;

namespace ShangdingScore.Cli.Tests;

/// <summary>
/// The <c>--out</c> rule: a file is written beside and moved into place; a device is written in place, never
/// replaced (moving a file over <c>/dev/null</c> as root replaces the machine's device with a regular file).
/// </summary>
public sealed class OutputFileTests
{
    [Theory]
    [InlineData("/dev/null")]
    [InlineData("/dev/stdout")]
    [InlineData("/dev/../dev/null")]
    public void A_device_path_is_written_in_place_without_a_partial_file(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.True(OutputFile.WritesInPlace(path));
        Assert.Null(OutputFile.PartialPathFor(path));
    }

    [Theory]
    [InlineData("report.csv")]
    [InlineData("/tmp/dev/null")]
    [InlineData("/devices.csv")]
    public void An_ordinary_path_goes_through_a_partial_file(string path)
    {
        Assert.False(OutputFile.WritesInPlace(path));
        Assert.Equal(path + ".partial", OutputFile.PartialPathFor(path));
    }

    [Fact]
    public void Writing_a_file_replaces_it_whole_and_leaves_no_partial_file()
    {
        var dir = Directory.CreateTempSubdirectory("sd-out-");
        try
        {
            var path = Path.Combine(dir.FullName, "report.csv");
            File.WriteAllText(path, "old contents that are longer than the new ones");
            OutputFile.WriteAllText(path, "新 new");
            Assert.Equal("新 new", File.ReadAllText(path));
            Assert.False(File.Exists(path + ".partial"));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
