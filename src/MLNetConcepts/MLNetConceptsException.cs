namespace MLNetConcepts;

/// <summary>
/// A problem with the user's input (a file, a line, an option) rather than a bug. The message is one line
/// that names the file, line or option and what is wrong; the command line prints it and exits with code 2.
/// </summary>
public class MLNetConceptsException : Exception
{
    public MLNetConceptsException(string message) : base(message) { }

    public MLNetConceptsException(string message, Exception inner) : base(message, inner) { }
}
