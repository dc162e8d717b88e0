# tests for engine
