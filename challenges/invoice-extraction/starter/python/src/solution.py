"""Invoice extraction: see the statement for the exact rules.

Any client is fine (openai, langchain-openai, httpx) as long as each model call sends a strict JSON schema
(chat `response_format` or Responses `text.format`). `extract_invoice` may also be an `async def`.
"""

CURRENCIES = {"AUD", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "NOK", "NZD", "PLN", "SEK", "SGD", "USD", "ZAR"}


def extract_invoice(text: str) -> dict:
    if text.strip(" \t\r\n") == "":
        return {"ok": False, "error": "empty_input", "errors": [], "attempts": 0}
    raise NotImplementedError
