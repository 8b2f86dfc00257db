"""Domain knowledge shared by the NLU components, the actions and the hub.

Nothing here imports Rasa: these modules are plain Python so every service can use them.
"""
