using System.Text.Json;

namespace ShangdingScore.Service.Load.Tests;

/// <summary>
/// The sample host and the generator turn off the thread pool's spinning in their runtime configuration: on two cores
/// shared with PostgreSQL, idle pool threads spinning for work took the database's CPU (docs/performance-service-tail.md).
/// Both runtimeconfig files are copied beside this test assembly by the project references.
/// </summary>
public sealed class RuntimeSettingsTests
{
    private const string SpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    [Theory]
    [InlineData("ShangdingScore.Samples.CreditCenter")]
    [InlineData("ShangdingScore.Service.Load")]
    public void Runtime_configuration_sets_the_thread_pool_spin_limit_to_zero(string program)
    {
        var path = Path.Combine(AppContext.BaseDirectory, program + ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty(SpinLimit, out var value), $"{path} does not set {SpinLimit}.");
        Assert.Equal(0, value.GetInt32());
    }
}
