"""Adapters for other ecosystems over the one pipeline: an OpenAI-compatible chat endpoint
(`openai_api`) and a LangChain retriever (`langchain`, needs the `langchain` extra)."""
