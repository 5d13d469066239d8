using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// How long a task of a type takes on a slave, learnt from finished tasks: per (slave, task type) a smoothed mean and
/// spread (exponentially weighted; the first samples plainly averaged), and the relative error of the predictions
/// made. Unseen pairs get a prior: the type's overall mean scaled by the slave's overall speed (its pairs' means
/// against their types' means), else the type's mean, else the slave's own mean over all types. Rebuilt from the
/// task store when the master starts (<see cref="RestoreAsync"/>), so it survives restarts.
/// </summary>
internal sealed class DurationModel
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string SlaveId, string TaskType), Stat> _pairs = [];
    private readonly Dictionary<string, Stat> _types = new(StringComparer.Ordinal);
    private readonly double _alpha;
    private bool _restored;

    public DurationModel(IOptions<D8MasterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _alpha = options.Value.DurationSmoothing;
    }

    /// <summary>Records a finished run, and the error of its prediction when it had one.</summary>
    public void Observe(string slaveId, string taskType, TimeSpan duration, TimeSpan? predicted)
    {
        var ms = Math.Max(0, duration.TotalMilliseconds);
        lock (_gate)
        {
            var key = (slaveId, taskType);
            _pairs.TryGetValue(key, out var pair);
            pair = pair.Add(ms, _alpha);
            if (predicted is { } p && ms > 0)
            {
                pair = pair.AddError(Math.Abs(ms - p.TotalMilliseconds) / ms, _alpha);
            }

            _pairs[key] = pair;
            _types.TryGetValue(taskType, out var type);
            _types[taskType] = type.Add(ms, _alpha);
        }
    }

    /// <summary>The predicted run time of <paramref name="taskType"/> on <paramref name="slaveId"/>, or <see langword="null"/> with nothing to go on.</summary>
    public DurationPrediction? Predict(string slaveId, string taskType)
    {
        lock (_gate)
        {
            if (_pairs.TryGetValue((slaveId, taskType), out var pair) && pair.Samples > 0)
            {
                return new DurationPrediction(Ms(pair.Mean), Ms(Math.Sqrt(pair.Variance)), pair.Samples, DurationBasis.SlaveAndType);
            }

            var speed = SpeedOf(slaveId);
            if (_types.TryGetValue(taskType, out var type) && type.Samples > 0)
            {
                return speed is { } factor
                    ? new DurationPrediction(Ms(type.Mean * factor), Ms(Math.Sqrt(type.Variance) * factor), 0, DurationBasis.TypeScaledBySlave)
                    : new DurationPrediction(Ms(type.Mean), Ms(Math.Sqrt(type.Variance)), 0, DurationBasis.Type);
            }

            var own = _pairs.Where(entry => string.Equals(entry.Key.SlaveId, slaveId, StringComparison.Ordinal) && entry.Value.Samples > 0).ToList();
            if (own.Count > 0)
            {
                var samples = own.Sum(entry => entry.Value.Samples);
                var mean = own.Sum(entry => entry.Value.Mean * entry.Value.Samples) / samples;
                return new DurationPrediction(Ms(mean), TimeSpan.Zero, 0, DurationBasis.Slave);
            }

            return null;
        }
    }

    /// <summary>The smoothed relative error of the predictions for a pair (0.1 = 10 %), or <see langword="null"/> before the first predicted run.</summary>
    public double? PredictionError(string slaveId, string taskType)
    {
        lock (_gate)
        {
            return _pairs.TryGetValue((slaveId, taskType), out var pair) && pair.ErrorSamples > 0 ? pair.Error : null;
        }
    }

    /// <summary>A copy of every pair's figures, for the dashboard and the API.</summary>
    public IReadOnlyList<DurationModelEntry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _pairs
                .Where(entry => entry.Value.Samples > 0)
                .OrderBy(entry => entry.Key.SlaveId, StringComparer.Ordinal)
                .ThenBy(entry => entry.Key.TaskType, StringComparer.Ordinal)
                .Select(entry => new DurationModelEntry(
                    entry.Key.SlaveId,
                    entry.Key.TaskType,
                    entry.Value.Samples,
                    Ms(entry.Value.Mean),
                    Ms(Math.Sqrt(entry.Value.Variance)),
                    entry.Value.ErrorSamples > 0 ? entry.Value.Error : null))];
        }
    }

    /// <summary>
    /// Feeds the newest <paramref name="limit"/> finished tasks of the store (oldest first) once per process: the
    /// model of the last run comes back after a restart.
    /// </summary>
    public async Task RestoreAsync(ITaskStore store, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_restored)
            {
                return;
            }

            _restored = true;
        }

        var finished = new List<D8TaskInfo>();
        long? before = null;
        while (finished.Count < limit)
        {
            var page = await store.ListAsync(
                new D8TaskQuery { Statuses = [D8TaskStatus.Succeeded, D8TaskStatus.Failed], Limit = Math.Min(D8TaskQuery.MaxLimit, limit - finished.Count), Before = before },
                cancellationToken).ConfigureAwait(false);
            finished.AddRange(page.Tasks);
            if (page.NextBefore is not { } next || page.Tasks.Count == 0)
            {
                break;
            }

            before = next;
        }

        for (var i = finished.Count - 1; i >= 0; i--)
        {
            if (Sample(finished[i]) is { } sample)
            {
                Observe(sample.SlaveId, finished[i].TaskType, sample.Duration, finished[i].PredictedDuration);
            }
        }
    }

    /// <summary>What a finished task teaches: its slave and run time, when it ran to an exit code.</summary>
    public static (string SlaveId, TimeSpan Duration)? Sample(D8TaskInfo task)
    {
        if (task.SlaveId is not { } slaveId || task.ExitCode is null || task.Status is not (D8TaskStatus.Succeeded or D8TaskStatus.Failed))
        {
            return null;
        }

        var duration = task.Duration ?? (task.FinishedAt - task.StartedAt);
        return duration is { } d && d >= TimeSpan.Zero ? (slaveId, d) : null;
    }

    /// <summary>The slave's run times relative to the types' means (0.5 = twice as fast), weighted by samples.</summary>
    private double? SpeedOf(string slaveId)
    {
        double weighted = 0;
        var samples = 0;
        foreach (var (key, pair) in _pairs)
        {
            if (!string.Equals(key.SlaveId, slaveId, StringComparison.Ordinal) || pair.Samples == 0
                || !_types.TryGetValue(key.TaskType, out var type) || type.Mean <= 0)
            {
                continue;
            }

            weighted += pair.Mean / type.Mean * pair.Samples;
            samples += pair.Samples;
        }

        return samples > 0 ? weighted / samples : null;
    }

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(Math.Max(0, ms));

    /// <summary>A smoothed mean and variance (West's exponentially weighted form) and a smoothed relative error.</summary>
    private readonly record struct Stat(double Mean, double Variance, int Samples, double Error, int ErrorSamples)
    {
        public Stat Add(double value, double alpha)
        {
            var n = Samples + 1;
            var weight = Math.Max(alpha, 1.0 / n);
            var delta = value - Mean;
            var mean = Mean + (weight * delta);
            var variance = (1 - weight) * (Variance + (weight * delta * delta));
            return this with { Mean = mean, Variance = variance, Samples = n };
        }

        public Stat AddError(double error, double alpha)
        {
            var n = ErrorSamples + 1;
            var weight = Math.Max(alpha, 1.0 / n);
            return this with { Error = Error + (weight * (error - Error)), ErrorSamples = n };
        }
    }
}

/// <summary>A predicted run time.</summary>
/// <param name="Mean">The expected run time.</param>
/// <param name="Spread">Its standard deviation.</param>
/// <param name="Samples">How many runs of this type on this slave it rests on (0 for a prior).</param>
/// <param name="Basis">What it rests on.</param>
internal sealed record DurationPrediction(TimeSpan Mean, TimeSpan Spread, int Samples, DurationBasis Basis);

/// <summary>What a prediction rests on.</summary>
internal enum DurationBasis
{
    /// <summary>Runs of this type on this slave.</summary>
    SlaveAndType,

    /// <summary>The type's mean over all slaves, scaled by this slave's speed on other types.</summary>
    TypeScaledBySlave,

    /// <summary>The type's mean over all slaves (this slave is new).</summary>
    Type,

    /// <summary>This slave's mean over all types (the type is new).</summary>
    Slave,
}

/// <summary>One (slave, task type) pair of the model.</summary>
internal sealed record DurationModelEntry(string SlaveId, string TaskType, int Samples, TimeSpan Mean, TimeSpan Spread, double? PredictionError);
