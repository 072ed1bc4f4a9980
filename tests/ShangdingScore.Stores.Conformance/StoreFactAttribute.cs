using Xunit.Abstractions;
using Xunit.Sdk;

namespace ShangdingScore.Stores.Conformance;

/// <summary>
/// A contract test. It runs like <see cref="FactAttribute"/>, except that when the deriving test
/// class carries a <see cref="StoreAvailabilityAttribute"/> whose <see cref="StoreAvailabilityAttribute.SkipReason"/>
/// is not null, the test is reported as skipped with that reason (for example a PostgreSQL store on a
/// machine without a server). The decision is the class's: the SQLite suite never skips.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("ShangdingScore.Stores.Conformance.StoreFactDiscoverer", "ShangdingScore.Stores.Conformance")]
public sealed class StoreFactAttribute : FactAttribute
{
}

/// <summary>Put on a class deriving <see cref="StoreConformanceTests{TStore}"/> to say whether its store can be tested here.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public abstract class StoreAvailabilityAttribute : Attribute
{
    /// <summary>Why the store cannot be tested on this machine; null when it can (then its tests run, and fail if it is unreachable).</summary>
    public abstract string? SkipReason { get; }
}

/// <summary>Finds <see cref="StoreFactAttribute"/> tests and asks the test class whether they are skipped.</summary>
public sealed class StoreFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnostics;

    /// <summary>Created by xunit.</summary>
    public StoreFactDiscoverer(IMessageSink diagnosticMessageSink) => _diagnostics = diagnosticMessageSink;

    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        yield return new StoreTestCase(_diagnostics, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

/// <summary>A contract test case whose skip reason comes from the test class's <see cref="StoreAvailabilityAttribute"/>, evaluated where the test runs.</summary>
public sealed class StoreTestCase : XunitTestCase
{
    /// <summary>For deserialization only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    /// <summary>Creates a test case.</summary>
    public StoreTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc />
    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        var type = TestMethod.TestClass.Class.ToRuntimeType();
        var availability = type?.GetCustomAttributes(typeof(StoreAvailabilityAttribute), inherit: true).Cast<StoreAvailabilityAttribute>().FirstOrDefault();
        return availability?.SkipReason ?? base.GetSkipReason(factAttribute);
    }
}
