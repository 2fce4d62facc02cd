-- One database per service that owns data (each runs its own migrations at start).
CREATE DATABASE auth;
CREATE DATABASE store;
