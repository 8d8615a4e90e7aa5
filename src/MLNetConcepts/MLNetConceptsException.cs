namespace MLNetConcepts;

/// <summary>
/// A problem with the user's input (a file, a line, an option) rather than a bug. The message is one line
/// that names the file, line or option and what is wrong; the command line prints it and exits with code 2.
/// </summary>
public class MLNetConceptsException : Exception
{
    /// <summary>Creates the error with its one-line <paramref name="message"/>.</summary>
    public MLNetConceptsException(string message) : base(message) { }

    /// <summary>Creates the error with its one-line <paramref name="message"/> and the lower-level exception that caused it.</summary>
    public MLNetConceptsException(string message, Exception inner) : base(message, inner) { }
}
