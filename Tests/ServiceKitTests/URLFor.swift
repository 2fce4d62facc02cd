import Foundation

/// A URL from a literal known to be valid.
func URLFor(_ text: String) -> URL { URL(string: text)! }
