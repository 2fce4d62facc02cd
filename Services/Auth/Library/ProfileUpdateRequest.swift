/// `PATCH /api/auth/me` body: the fields to change (an empty string clears one).
struct ProfileUpdateRequest: Codable, Sendable {
    var firstName: String?
    var lastName: String?
    var salonName: String?
    var image: String?
}
