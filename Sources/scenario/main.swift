import ScenarioKit
print("scenario: not yet")
