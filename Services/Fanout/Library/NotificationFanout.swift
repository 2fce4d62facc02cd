/// The `NotificationFanout` service library. Its `buildApplication(configuration:)` lands with the service's own issue;
/// until then the executable only validates its configuration.
public enum NotificationFanout {}
