namespace MLNetConcepts.Tests.Support;

/// <summary>Asserts that a schema check failed as ML.NET's own estimators and transformers fail.</summary>
public static class SchemaErrorAssert
{
    /// <summary>
    /// <paramref name="action"/> throws exactly <see cref="ArgumentOutOfRangeException"/> with <paramref name="parameterName"/>
    /// as its ParamName and <paramref name="message"/> as its text (before the parameter note .NET appends).
    /// </summary>
    public static void Throws(string parameterName, string message, Action action)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(action);
        Assert.Equal(parameterName, error.ParamName);
        Assert.Equal($"{message} (Parameter '{parameterName}')", error.Message);
    }

    /// <inheritdoc cref="Throws(string, string, Action)"/>
    public static void Throws(string parameterName, string message, Func<object?> action) => Throws(parameterName, message, () => { action(); });
}
