from desk.networks import load_networks


def test_every_network_has_what_the_flows_quote():
    catalog = load_networks()
    assert {"BTC", "ETH", "BSC", "TRON", "SOL", "XRP", "TON"} <= set(catalog.networks)
    for network in catalog.networks.values():
        assert network.confirmations >= 1
        assert 0 < network.usual_minutes < network.overdue_minutes
        assert network.tx_format in {"evm", "hex64", "solana", "ton"}


def test_find_network_by_alias_in_either_language():
    catalog = load_networks()
    assert catalog.find_network("I used TRC20").code == "TRON"
    assert catalog.find_network("用的波场链").code == "TRON"
    assert catalog.find_network("sent on bep20").code == "BSC"
    assert catalog.find_network("ERC-20 network").code == "ETH"
    assert catalog.find_network("the method failed") is None  # "eth" inside a word


def test_find_coin_by_ticker_or_name():
    catalog = load_networks()
    assert catalog.find_coin("250 usdt") == "USDT"
    assert catalog.find_coin("转了0.1个大饼") == "BTC"
    assert catalog.find_coin("nothing here") is None


def test_memo_networks_name_their_memo_field():
    catalog = load_networks()
    assert catalog.get("XRP").memo == "Destination Tag"
    assert catalog.get("ETH").memo is None
