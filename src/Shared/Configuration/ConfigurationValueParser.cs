namespace D8.Shared.Configuration;

/// <summary>Reads one configuration value as a <typeparamref name="T"/> (for example the wire name of an enum).</summary>
/// <typeparam name="T">The type read.</typeparam>
/// <param name="value">The value, trimmed.</param>
/// <param name="result">The value read.</param>
/// <returns><see langword="true"/> when <paramref name="value"/> is a <typeparamref name="T"/>.</returns>
internal delegate bool ConfigurationValueParser<T>(string value, out T result);
