namespace ShangdingScore.Sources;

/// <summary>How one call to a collaborator ended: its value, its exception, or its timeout.</summary>
/// <typeparam name="T">The value's type.</typeparam>
internal readonly struct Attempt<T>
{
    private Attempt(T? value, Exception? error, bool timedOut)
    {
        Value = value;
        Error = error;
        TimedOut = timedOut;
    }

    /// <summary>The value, when the call returned one in time.</summary>
    public T? Value { get; }

    /// <summary>What the call threw, when it threw in time.</summary>
    public Exception? Error { get; }

    /// <summary>Whether the call did not finish within its timeout (or cancelled itself because of it).</summary>
    public bool TimedOut { get; }

    /// <summary>Whether the call returned in time.</summary>
    public bool Succeeded => !TimedOut && Error is null;

    public static Attempt<T> Success(T value) => new(value, null, false);

    public static Attempt<T> Failure(Exception error) => new(default, error, false);

    public static Attempt<T> Timeout() => new(default, null, true);
}

/// <summary>
/// Runs a call to a collaborator we do not control (a record source, the enrolment source, a benefit policy)
/// under a timeout that holds even when the collaborator ignores its cancellation token or blocks its thread:
/// the call runs on the thread pool and is raced against a delay; when the delay wins, the call is abandoned —
/// never awaited — and whatever it throws later is observed, so it is never an unobserved task exception.
/// </summary>
internal static class Deadline
{
    /// <summary>Runs <paramref name="call"/> for at most <paramref name="timeout"/>.</summary>
    /// <param name="call">The call; it gets a token that is cancelled at the timeout or with <paramref name="cancellationToken"/>.</param>
    /// <param name="timeout">How long the call may take.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (never reported as a timeout or a failure).</exception>
    public static async Task<Attempt<T>> RunAsync<T>(Func<CancellationToken, Task<T>> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var token = limit.Token;
        var task = Task.Run(() => call(token), CancellationToken.None);

        // The call may keep the token after it is abandoned: the source is disposed only once the call ends.
        _ = task.ContinueWith(static (_, state) => ((CancellationTokenSource)state!).Dispose(), limit, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (!task.IsCompleted)
        {
            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var first = await Task.WhenAny(task, Task.Delay(timeout, stopDelay.Token)).ConfigureAwait(false);
            stopDelay.Cancel();
            if (first != task)
            {
                Observe(task);
                cancellationToken.ThrowIfCancellationRequested();
                return Attempt<T>.Timeout();
            }
        }

        if (task.Status == TaskStatus.RanToCompletion) return Attempt<T>.Success(task.Result);
        var error = task.Exception?.GetBaseException();
        if (task.IsCanceled || error is OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Cancelled by the timeout's token: a timeout. A cancellation of the call's own making is a failure.
            if (limit.IsCancellationRequested) return Attempt<T>.Timeout();
        }

        return Attempt<T>.Failure(error ?? new OperationCanceledException("The call cancelled itself."));
    }

    /// <summary>Observes the eventual exception of an abandoned task.</summary>
    public static void Observe(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
