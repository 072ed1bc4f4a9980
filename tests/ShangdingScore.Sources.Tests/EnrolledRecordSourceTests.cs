using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Sources.Tests;

/// <summary>
/// An enrolment source that is the composite's only record source and reads both together
/// (<see cref="IEnrolledRecordSource"/>) is asked once, and the evaluation is the one the two reads give.
/// </summary>
public class EnrolledRecordSourceTests
{
    private static readonly SubjectId S = new("S-1");
    private static readonly Instant T0 = Instant.FromUtc(2024, 1, 1, 0, 0);
    private static readonly LocalDate AsOf = new(2024, 6, 1);
    private static readonly RuleSetHistory Rules = RuleSetHistory.Create(new[] { MiniRules.Load() });

    private static readonly ImmutableArray<CreditRecord> Records = ImmutableArray.Create(
        new CreditRecord("a", S, "blood.donation", new LocalDate(2024, 2, 1), "p", T0, 1m),
        new CreditRecord("a", S, "blood.donation", new LocalDate(2024, 2, 1), "p", T0, 1m),
        new CreditRecord("b", S, "blood.donation", new LocalDate(2024, 3, 1), "p", T0, 1m));

    private static SourcedEvaluator Evaluator(ICreditRecordSource source, IEnrolmentSource enrolments, params ICreditRecordSource[] others) =>
        new(Rules, new CompositeRecordSource(new[] { source }.Concat(others)), enrolments);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OnlySourceReadsBoth_OneRead_SameEvaluationAsTheTwoReads(bool enrolled)
    {
        var enrolment = enrolled ? Enrolment.Since(new LocalDate(2020, 1, 1)) : Enrolment.None;
        var both = new BothSource(enrolment, Records);
        var apart = new InMemoryRecordSource("apart", Records);

        var one = await Evaluator(both, both).EvaluateAsync(S, AsOf);
        var two = await Evaluator(apart, new InMemoryEnrolmentSource(new Dictionary<SubjectId, Enrolment> { [S] = enrolment })).EvaluateAsync(S, AsOf);

        Assert.Equal((1, 0, 0), (both.BothReads, both.EnrolmentReads, both.RecordReads));
        Assert.True(one.IsComplete);
        Assert.Equal(two.Evaluation.Status, one.Evaluation.Status);
        Assert.Equal(two.Evaluation.Score, one.Evaluation.Score);
        Assert.Equal(enrolled ? 110m : null, one.Evaluation.Score);
    }

    [Fact]
    public async Task TheOneReadFails_EnrolmentAndSourceNamed_EvaluatedAsNotEnrolledIncomplete()
    {
        var both = new BothSource(Enrolment.Since(new LocalDate(2020, 1, 1)), Records) { Failure = new IOException("database offline") };

        var result = await Evaluator(both, both).EvaluateAsync(S, AsOf);

        Assert.False(result.IsComplete);
        Assert.Equal(new[] { SourcedEvaluator.EnrolmentSourceName, "both" }, result.Failures.Select(f => f.Source));
        Assert.All(result.Failures, f => Assert.Equal(SourceFailureKind.Failed, f.Kind));
        Assert.Contains("database offline", result.Failures[0].Reason, StringComparison.Ordinal);
        Assert.Equal(EvaluationStatus.NotEnrolled, result.Evaluation.Status);
    }

    [Fact]
    public async Task TheOneReadYieldsAnotherSubjectsRecord_NoneOfItIsUsed()
    {
        var stray = new CreditRecord("x", new SubjectId("S-2"), "blood.donation", new LocalDate(2024, 2, 1), "p", T0, 1m);
        var both = new BothSource(Enrolment.Since(new LocalDate(2020, 1, 1)), Records.Add(stray));

        var result = await Evaluator(both, both).EvaluateAsync(S, AsOf);

        Assert.Equal(new[] { SourcedEvaluator.EnrolmentSourceName, "both" }, result.Failures.Select(f => f.Source));
        Assert.Contains("S-2", result.Failures[1].Reason, StringComparison.Ordinal);
        Assert.Null(result.Evaluation.Score);
    }

    [Fact]
    public async Task BesideAnotherRecordSource_TheEnrolmentAndTheRecordsAreReadApart()
    {
        var both = new BothSource(Enrolment.Since(new LocalDate(2020, 1, 1)), Records);

        var result = await Evaluator(both, both, new InMemoryRecordSource("other", [])).EvaluateAsync(S, AsOf);

        Assert.Equal((0, 1, 1), (both.BothReads, both.EnrolmentReads, both.RecordReads));
        Assert.Equal(110m, result.Evaluation.Score);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AReadMadeElsewhere_EvaluatedAsTheEvaluatorsOwnRead_WithoutReadingAgain(bool enrolled)
    {
        var enrolment = enrolled ? Enrolment.Since(new LocalDate(2020, 1, 1)) : Enrolment.None;
        var both = new BothSource(enrolment, Records);
        var evaluator = Evaluator(both, both);
        var query = new RecordQuery { Subject = S, KnownAt = T0 + Duration.FromDays(1) };

        var taken = evaluator.Evaluate(new EnrolledRecords(enrolment, Records), query, AsOf);
        var read = await evaluator.EvaluateAsync(S, AsOf, query.KnownAt);

        Assert.Same(both, evaluator.EnrolledSource);
        Assert.Equal(1, both.BothReads);
        Assert.True(taken.IsComplete);
        Assert.Equal(read.Evaluation.Status, taken.Evaluation.Status);
        Assert.Equal(read.Evaluation.Score, taken.Evaluation.Score);
        Assert.Equal(read.Evaluation.Records.Length, taken.Evaluation.Records.Length);
        Assert.Equal(enrolled ? 110m : null, taken.Evaluation.Score);
    }

    [Fact]
    public void AReadMadeElsewhere_WithAnotherSubjectsRecord_NoneOfItIsUsed_TheEnrolmentAndSourceNamed()
    {
        var stray = new CreditRecord("x", new SubjectId("S-2"), "blood.donation", new LocalDate(2024, 2, 1), "p", T0, 1m);
        var both = new BothSource(Enrolment.Since(new LocalDate(2020, 1, 1)), Records);

        var result = Evaluator(both, both).Evaluate(new EnrolledRecords(Enrolment.Since(new LocalDate(2020, 1, 1)), Records.Add(stray)), new RecordQuery { Subject = S }, AsOf);

        Assert.Equal(new[] { SourcedEvaluator.EnrolmentSourceName, "both" }, result.Failures.Select(f => f.Source));
        Assert.Contains("S-2", result.Failures[1].Reason, StringComparison.Ordinal);
        Assert.Equal(EvaluationStatus.NotEnrolled, result.Evaluation.Status);
    }

    [Fact]
    public void AnEvaluatorWithoutOneEnrolledSource_HasNoReadToTake()
    {
        var both = new BothSource(Enrolment.Since(new LocalDate(2020, 1, 1)), Records);
        var evaluator = Evaluator(both, both, new InMemoryRecordSource("other", []));

        Assert.Null(evaluator.EnrolledSource);
        Assert.Throws<InvalidOperationException>(() => evaluator.Evaluate(new EnrolledRecords(Enrolment.None, Records), new RecordQuery { Subject = S }, AsOf));
    }

    /// <summary>One subject's enrolment and records, readable apart or together; counts the reads.</summary>
    private sealed class BothSource(Enrolment enrolment, ImmutableArray<CreditRecord> records) : IEnrolledRecordSource
    {
        private int _both;
        private int _enrolment;
        private int _records;

        public Exception? Failure { get; init; }

        public int BothReads => _both;

        public int EnrolmentReads => _enrolment;

        public int RecordReads => _records;

        public string Name => "both";

        public async ValueTask<EnrolledRecords> ReadEnrolledAsync(RecordQuery query, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _both);
            await Task.Yield();
            if (Failure is not null) throw Failure;
            return new EnrolledRecords(enrolment, records);
        }

        public ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _enrolment);
            return new(enrolment);
        }

        public async IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _records);
            await Task.Yield();
            foreach (var r in records) yield return r;
        }
    }
}
