/// The top level of a validated JSON document, with the raw text of its parts kept as they came.
///
/// Socket.IO needs only the outline of a packet's data (is it an array, what is its first string,
/// where do its elements start and end); the application decodes each element itself. Keeping the
/// raw text avoids decoding and re-encoding what is only passed along.
public enum JSONShape: Sendable, Hashable {
    /// An object; its raw text.
    case object(String)
    /// An array; the raw text of each element.
    case array([String])
    /// A string, unescaped.
    case string(String)
    /// A number; its raw text.
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// The elements of an array, else `nil`.
    public var arrayElements: [String]? {
        if case .array(let elements) = self { elements } else { nil }
    }
}
