# tests for broker
